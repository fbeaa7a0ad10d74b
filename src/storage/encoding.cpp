#include "storage/encoding.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/utf8.hpp"

namespace plaza::storage {

namespace {

// One table per enum keeps the name <-> value mapping in a single place per type.
template <typename E, std::size_t N>
struct NameTable {
  struct Entry {
    E value;
    const char* name;
  };
  Entry entries[N];

  const char* Name(E value) const {
    for (const auto& e : entries) {
      if (e.value == value) return e.name;
    }
    return entries[0].name;
  }
  std::optional<E> Parse(std::string_view name) const {
    for (const auto& e : entries) {
      if (name == e.name) return e.value;
    }
    return std::nullopt;
  }
};

constexpr NameTable<Role, 2> kRoles{{{Role::kMember, "member"}, {Role::kAdmin, "admin"}}};
constexpr NameTable<PostStatus, 3> kStatuses{{{PostStatus::kLive, "live"},
                                              {PostStatus::kDeleted, "deleted"},
                                              {PostStatus::kHidden, "hidden"}}};
constexpr NameTable<LangSource, 2> kLangSources{
    {{LangSource::kDetected, "detected"}, {LangSource::kAuthor, "author"}}};
constexpr NameTable<SessionKind, 2> kSessionKinds{
    {{SessionKind::kBrowser, "browser"}, {SessionKind::kApiToken, "api_token"}}};

Status CheckField(std::string_view value, const char* field) {
  if (IsStorableText(value)) return {};
  return Fail(Errc::kInvalidArgument, std::string(field) + " must be valid UTF-8 without NUL",
              field);
}

}  // namespace

const char* RoleName(Role role) { return kRoles.Name(role); }
std::optional<Role> ParseRole(std::string_view name) { return kRoles.Parse(name); }
const char* PostStatusName(PostStatus status) { return kStatuses.Name(status); }
std::optional<PostStatus> ParsePostStatus(std::string_view name) { return kStatuses.Parse(name); }
const char* LangSourceName(LangSource source) { return kLangSources.Name(source); }
std::optional<LangSource> ParseLangSource(std::string_view name) {
  return kLangSources.Parse(name);
}
const char* SessionKindName(SessionKind kind) { return kSessionKinds.Name(kind); }
std::optional<SessionKind> ParseSessionKind(std::string_view name) {
  return kSessionKinds.Parse(name);
}

bool IsStorableText(std::string_view s) {
  return s.find('\0') == std::string_view::npos && text::IsValidUtf8(s);
}

Status CheckNewUser(const NewUser& user) {
  if (auto s = CheckField(user.handle, "handle"); !s) return s;
  if (auto s = CheckField(user.display_name, "display_name"); !s) return s;
  return CheckField(user.password_hash, "password_hash");
}

Status CheckProfile(std::string_view display_name, std::string_view bio) {
  if (auto s = CheckField(display_name, "display_name"); !s) return s;
  return CheckField(bio, "bio");
}

Status CheckSession(const SessionRecord& session) {
  if (auto s = CheckField(session.token_hash, "token_hash"); !s) return s;
  return CheckField(session.csrf, "csrf");
}

Status CheckRevision(const RevisionContent& content) {
  if (auto s = CheckField(content.title, "title"); !s) return s;
  if (auto s = CheckField(content.body_md, "body_md"); !s) return s;
  if (auto s = CheckField(content.body_html, "body_html"); !s) return s;
  if (auto s = CheckField(content.lang, "lang"); !s) return s;
  if (auto s = CheckField(content.slug, "slug"); !s) return s;
  for (const auto& tag : content.cashtags) {
    if (auto s = CheckField(tag, "cashtags"); !s) return s;
  }
  return {};
}

Result<int> CheckListLimit(int limit) {
  if (limit < 1) return Fail(Errc::kInvalidArgument, "limit must be at least 1", "limit");
  return limit > kMaxListLimit ? kMaxListLimit : limit;
}

}  // namespace plaza::storage
