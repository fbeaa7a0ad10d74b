#pragma once

// How domain values are written into either backend: the names of enum values in the database
// and the rules every stored string follows. Shared by storage/sqlite and storage/postgres so
// both backends accept and refuse exactly the same input.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/job_store.hpp"
#include "storage/post_store.hpp"
#include "storage/session_store.hpp"
#include "storage/summary_store.hpp"
#include "storage/user_store.hpp"

namespace plaza::storage {

/// Most posts a single List() call returns; larger limits are clamped to it.
constexpr int kMaxListLimit = 1000;

const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
const char* PostStatusName(PostStatus status);
std::optional<PostStatus> ParsePostStatus(std::string_view name);
const char* LangSourceName(LangSource source);
std::optional<LangSource> ParseLangSource(std::string_view name);
const char* SessionKindName(SessionKind kind);
std::optional<SessionKind> ParseSessionKind(std::string_view name);
std::optional<SummaryStatus> ParseSummaryStatus(std::string_view name);

/// True when `s` is well-formed UTF-8 without NUL: what PostgreSQL's text type accepts, so the
/// SQLite backend holds itself to the same rule.
bool IsStorableText(std::string_view s);

/// kInvalidArgument (with `field`) unless every string of the record is storable text.
Status CheckNewUser(const NewUser& user);
Status CheckProfile(std::string_view display_name, std::string_view bio);
Status CheckSession(const SessionRecord& session);
Status CheckRevision(const RevisionContent& content);

/// The List() limit actually used: kInvalidArgument below 1, clamped to kMaxListLimit.
Result<int> CheckListLimit(int limit);

// --- Jobs and summaries ---

/// Most jobs one Claim() or JobStore::List() call handles.
constexpr int kMaxJobBatch = 1000;
/// Longest last_error kept, in bytes.
constexpr std::size_t kMaxJobErrorBytes = 1000;

/// kInvalidArgument unless kind and dedupe_key are non-empty, max_attempts >= 1 and every
/// string is storable.
Status CheckNewJob(const NewJob& job);
/// kInvalidArgument for an empty or unstorable owner, an unstorable kind, a limit outside
/// 1..kMaxJobBatch or a lease that is not positive.
Status CheckClaim(const std::string& owner, const std::vector<std::string>& kinds, int limit,
                  std::int64_t lease_us);
/// kInvalidArgument for an empty or unstorable owner (Heartbeat, Complete, Fail).
Status CheckOwner(const std::string& owner);
/// kInvalidArgument for a limit outside 1..kMaxJobBatch or an unstorable kind.
Status CheckJobFilter(const JobFilter& filter);
/// `error` cut to at most kMaxJobErrorBytes without splitting a UTF-8 sequence;
/// kInvalidArgument (field "error") when it is not storable text.
Result<std::string> JobErrorText(std::string_view error);
/// kInvalidArgument unless every job of a post write has a storable, non-empty kind and
/// max_attempts >= 1.
Status CheckRevisionJobs(const std::vector<RevisionJob>& jobs);
/// "post:<id>:<revision>": the dedupe key and payload of a RevisionJob.
std::string RevisionJobKey(std::int64_t post_id, int revision);
/// kInvalidArgument unless the summary's strings are storable and its revision is positive.
Status CheckSummary(const Summary& summary);

}  // namespace plaza::storage
