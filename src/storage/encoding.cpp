#include "storage/encoding.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

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
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    if (b0 == 0) return false;
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    std::uint32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07u;
    } else {
      return false;  // continuation byte, overlong lead (C0/C1) or past U+10FFFF (F5..FF)
    }
    if (n - i < static_cast<std::size_t>(len)) return false;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    i += static_cast<std::size_t>(len);
  }
  return true;
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
