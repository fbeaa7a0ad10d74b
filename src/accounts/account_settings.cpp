// The signed-in member's own account: settings, sessions and password (issue 12 finding 6,
// issue 8 item 2). Accounts methods; registration and log-in are in accounts.cpp.

#include <algorithm>
#include <string>
#include <utility>

#include "accounts/accounts.hpp"
#include "accounts/password_rules.hpp"
#include "accounts/validation.hpp"
#include "i18n/locales.hpp"
#include "text/text.hpp"

namespace plaza {

namespace {

constexpr std::size_t kMaxAddressKey = 64;

// A rule's error about "password" reported on the field the change form names.
Error OnField(Error error, std::string field) {
  error.field = std::move(field);
  return error;
}

}  // namespace

Result<std::vector<SessionInfo>> Accounts::ListSessions(const Viewer& viewer) {
  auto stored = store_.sessions().ListForUser(viewer.user.id);
  if (!stored) return std::unexpected(stored.error());
  const Timestamp now = clock_.Now();
  std::vector<SessionInfo> sessions;
  sessions.reserve(stored->size());
  for (SessionRecord& record : *stored) {
    const Timestamp expiry = ExpiryOf(record);
    if (now >= expiry) continue;  // ended; removed when next seen or by the purge
    SessionInfo info;
    info.id = std::move(record.id);
    info.kind = record.kind;
    info.created_at = record.created_at;
    info.last_seen_at = record.last_seen_at;
    info.expires_at = expiry;
    info.device = std::move(record.device);
    info.address = std::move(record.address);
    info.current = record.token_hash == viewer.session_hash;
    sessions.push_back(std::move(info));
  }
  // The session in use first, then the most recently seen.
  std::stable_partition(sessions.begin(), sessions.end(),
                        [](const SessionInfo& s) { return s.current; });
  return sessions;
}

Status Accounts::RevokeSession(const Viewer& viewer, std::string_view session_id) {
  if (session_id.empty() || session_id.size() > 64) {
    return Fail(Errc::kNotFound, "no session has that id");
  }
  auto deleted = store_.sessions().DeleteById(viewer.user.id, session_id);
  if (!deleted && deleted.error().code == Errc::kNotFound) {
    return Fail(Errc::kNotFound, "no session has that id");
  }
  return deleted;
}

Result<std::int64_t> Accounts::RevokeOtherSessions(const Viewer& viewer) {
  return store_.sessions().DeleteOthers(viewer.user.id, viewer.session_hash);
}

Result<User> Accounts::UpdateSettings(const Viewer& viewer, const SettingsInput& input) {
  auto current = store_.users().FindById(viewer.user.id);
  if (!current) return std::unexpected(current.error());
  std::string display_name = current->display_name;
  std::string bio = current->bio;
  if (input.display_name) {
    auto valid = accounts_detail::ValidateDisplayName(*input.display_name);
    if (!valid) return std::unexpected(valid.error());
    display_name = std::move(*valid);
  }
  if (input.bio) {
    auto valid = accounts_detail::ValidateBio(*input.bio);
    if (!valid) return std::unexpected(valid.error());
    bio = std::move(*valid);
  }
  if (input.locale && !input.locale->empty() && FindLocale(*input.locale) == nullptr) {
    return Fail(Errc::kInvalidArgument, "locale must be one of the interface locales or \"\"",
                "locale");
  }
  if (input.display_name || input.bio) {
    if (auto ok = store_.users().UpdateProfile(viewer.user.id, display_name, bio); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (input.locale) {
    if (auto ok = store_.users().UpdateLocale(viewer.user.id, *input.locale); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return FindById(viewer.user.id);
}

Result<std::int64_t> Accounts::ChangePassword(const Viewer& viewer, const PasswordChange& change) {
  const std::string& handle = viewer.user.handle;
  const std::string address = change.address.substr(0, kMaxAddressKey);
  // A wrong current password counts like a wrong log-in, so a stolen session cannot guess the
  // password faster through this form than through /login.
  if (auto ok = throttles_.login_backoff.Check(handle, address); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = accounts_detail::ValidatePassword(change.new_password); !ok) {
    return std::unexpected(OnField(ok.error(), "new_password"));
  }
  auto next = text::ToNfc(change.new_password);
  if (!next) return std::unexpected(OnField(next.error(), "new_password"));
  if (auto ok = CheckPasswordStrength(*next); !ok) {
    return std::unexpected(OnField(ok.error(), "new_password"));
  }

  auto user = store_.users().FindById(viewer.user.id);
  if (!user) return std::unexpected(user.error());
  auto refuse = [&] {
    throttles_.login_backoff.Failed(handle, address);
    return Fail(Errc::kForbidden, "the current password is wrong", "current_password");
  };
  if (!accounts_detail::ValidatePassword(change.current_password)) return refuse();
  auto current = text::ToNfc(change.current_password);
  if (!current) return refuse();
  if (!VerifyPassword(user->password_hash, *current) &&
      (*current == change.current_password ||
       !VerifyPassword(user->password_hash, change.current_password))) {
    return refuse();
  }
  throttles_.login_backoff.Succeeded(handle, address);
  auto hash = HashPassword(*next);
  if (!hash) return std::unexpected(hash.error());
  return store_.users().ChangePassword(viewer.user.id, *hash, viewer.session_hash);
}

}  // namespace plaza
