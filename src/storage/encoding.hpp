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
#include "storage/translation_store.hpp"
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

/// Paging by id: a list query reads rows with `id < ListCursor(before_id)` (every id when
/// `before_id` is absent) and asks for one row more than the page holds.
std::int64_t ListCursor(std::optional<std::int64_t> before_id);
/// Ends a page read with one row more than `page_size`: drops the probe row and, when there was
/// one, sets next_before_id to the last id kept.
void ClosePage(PostListPage& page, int page_size);
void ClosePage(PostCardPage& page, int page_size);

/// What an edit finds of its post (`found`, its stored status name and current revision):
/// kNotFound, kGone when not live, kConflict (field "revision") when `expected_revision` is not
/// the current one.
Status CheckEditable(bool found, std::string_view status, std::int64_t current_revision,
                     int expected_revision);
/// What a summary write finds of its post: kNotFound (field "post_id") unless found and live,
/// kNotFound (field "revision") for a revision the post does not have yet.
Status CheckSummaryTarget(bool found, std::string_view status, std::int64_t current_revision,
                          int revision);

// --- Jobs and summaries ---

/// Most jobs one Claim() or JobStore::List() call handles.
constexpr int kMaxJobBatch = 1000;
/// Longest last_error kept, in bytes.
constexpr std::size_t kMaxJobErrorBytes = 1000;

/// kInvalidArgument unless kind and dedupe_key are non-empty, max_attempts >= 1 and every
/// string is storable.
Status CheckNewJob(const NewJob& job);
/// kInvalidArgument unless the kind is non-empty and storable, the period and max_attempts
/// positive and `now` >= 0 (JobStore::EnqueueRecurring).
Status CheckRecurring(const NewRecurring& recurring, Timestamp now);
/// The job of the period starting at `period_start` (JobStore::EnqueueRecurring).
NewJob RecurringJobFor(const NewRecurring& recurring, Timestamp period_start);
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
/// kInvalidArgument (naming the field) unless every key part is storable and non-empty and the
/// text is storable.
Status CheckTranslation(const Translation& translation);
/// kInvalidArgument (field "owner") when the ticket's owner is not storable text.
Status CheckTicket(const std::optional<JobTicket>& ticket);
/// kInvalidArgument (field "kind") when a kind filter is not storable text.
Status CheckKindFilter(const std::optional<std::string>& kind);
/// kInvalidArgument (field "state") unless a purge asks for done or dead jobs (or both).
Status CheckPurgeState(std::optional<JobState> state);

/// The job a post write enqueues for revision `revision` of `post_id`, due at `at`.
NewJob RevisionJobFor(const RevisionJob& job, std::int64_t post_id, int revision, Timestamp at);

/// Why a write restricted to one job in a given state changed nothing: kNotFound when no job
/// has that id (`exists` false), else kConflict "job is not running under this owner".
Status JobUntouched(bool exists);
/// The same for Retry(): kNotFound, else kConflict "job is not dead".
Status RetryUntouched(bool exists);

/// The order in which Claim() hands out jobs: oldest run_after first, then lowest id.
struct ClaimOrder {
  Timestamp run_after = 0;
  std::int64_t id = 0;
  friend bool operator<(const ClaimOrder& a, const ClaimOrder& b) {
    return a.run_after != b.run_after ? a.run_after < b.run_after : a.id < b.id;
  }
};
inline ClaimOrder ClaimOrderOf(const Job& job) { return {job.run_after, job.id}; }

}  // namespace plaza::storage
