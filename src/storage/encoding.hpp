#pragma once

// How domain values are written into either backend: the names of enum values in the database
// and the rules every stored string follows. Shared by storage/sqlite and storage/postgres so
// both backends accept and refuse exactly the same input.

#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "storage/post_store.hpp"
#include "storage/session_store.hpp"
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

}  // namespace plaza::storage
