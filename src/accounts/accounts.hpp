#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/login_backoff.hpp"
#include "accounts/session_options.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza {

struct AccountsOptions {
  SessionOptions sessions;        // idle and absolute timeouts per kind ([sessions])
  int max_concurrent_hashes = 2;  // argon2id at 19 MiB each: caps memory under a log-in flood
  unsigned long long argon_memlimit = 19ULL * 1024 * 1024;
  unsigned long long argon_opslimit = 2;
};

/// The throttles accounts use; each may be shared with other services.
struct AccountThrottles {
  LoginBackoff& login_backoff;  // per (account, address), with a per-account ceiling
  RateLimiter& login_per_address;
  RateLimiter& register_per_address;
};

struct RegisterInput {
  std::string handle;
  std::string password;
  std::string display_name;
  std::string address;  // client IP, for throttling and the list of sessions
};

struct LoginInput {
  std::string handle;
  std::string password;
  std::string address;
};

/// A new session: the secret token is returned once and only its hash is stored.
struct AuthResult {
  User user;
  std::string token;
  std::string csrf;
  std::int64_t max_age_s = 0;  // its absolute lifetime, for the cookie's Max-Age
};

/// Who is making a request.
struct Viewer {
  User user;
  std::string csrf;
  SessionKind kind = SessionKind::kBrowser;
  std::string session_id;    // the public id of the credential in use ("this session")
  std::string session_hash;  // its token hash: kept out of every page and answer
};

/// One entry of the owner's list of sessions and API tokens.
struct SessionInfo {
  std::string id;  // public id: what DELETE /api/v1/me/sessions/{id} takes
  SessionKind kind = SessionKind::kBrowser;
  Timestamp created_at = 0;
  Timestamp last_seen_at = 0;
  Timestamp expires_at = 0;  // the earlier of the idle and the absolute expiry
  std::string device;
  std::string address;
  bool current = false;  // the credential this request came with
};

/// A change of settings; absent fields stay as they are.
struct SettingsInput {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
  std::optional<std::string> locale;  // one of the 13 locale tags, or "" (automatic)
};

struct PasswordChange {
  std::string current_password;
  std::string new_password;
  std::string address;  // for the log-in backoff a wrong current password counts against
};

/// Registration, log-in, log-out and session lookup. Synchronous; called on the worker pool.
class Accounts {
 public:
  Accounts(Store& store, const Clock& clock, AccountThrottles throttles,
           AccountsOptions options = {});

  /// Validates (handle 3–30 of [a-z0-9_] after lower-casing, display name 1–50 graphemes and at
  /// most 400 bytes with a visible character and at most 30 combining marks per character,
  /// password 12–128 characters, valid UTF-8 everywhere), hashes with argon2id, stores the user
  /// and opens a session of `kind`. kConflict (field "handle") when taken.
  /// `user_agent` (the User-Agent header) is summarized for the list of sessions.
  Result<AuthResult> Register(const RegisterInput& input, SessionKind kind,
                              std::string_view user_agent = {});
  /// kUnauthenticated with one message for an unknown handle and a wrong password.
  Result<AuthResult> Login(const LoginInput& input, SessionKind kind,
                           std::string_view user_agent = {});
  /// Ends the session with this token. Not an error if there was none.
  Status Logout(std::string_view token);
  /// The viewer a token of `kind` belongs to. kUnauthenticated when unknown, of the other kind
  /// (a browser cookie is no API token and the reverse), past its absolute expiry, or unused
  /// longer than its idle timeout (an expired one is deleted). Records the use as last seen
  /// when the last record is a minute old or more, so a busy session costs one write a minute.
  Result<Viewer> Authenticate(std::string_view token, SessionKind kind);

  /// The viewer's live sessions and API tokens, most recently seen first, the viewer's own one
  /// marked current.
  Result<std::vector<SessionInfo>> ListSessions(const Viewer& viewer);
  /// Deletes from the store every session and API token that has ended by its stored expiry
  /// or the configured timeouts (idle and absolute) at the clock's time; returns how many. The
  /// server runs it as the recurring "sessions.purge" job.
  Result<std::int64_t> PurgeExpiredSessions();
  /// Ends one of the viewer's sessions by its public id. kNotFound when the viewer has none
  /// with that id (another user's id included).
  Status RevokeSession(const Viewer& viewer, std::string_view session_id);
  /// Ends every session and API token of the viewer but the one in use; returns how many.
  Result<std::int64_t> RevokeOtherSessions(const Viewer& viewer);
  /// Display name (rules of Register), bio (kBioLimit, no controls but line breaks) and UI
  /// locale ("" or one of the 13 tags; kInvalidArgument field "locale" otherwise). Returns the
  /// user as stored.
  Result<User> UpdateSettings(const Viewer& viewer, const SettingsInput& input);
  /// Checks the current password (kUnauthenticated, field "current_password", counted by the
  /// log-in backoff), applies the registration rules to the new one (field "new_password"),
  /// stores its hash and ends every other session and API token of the viewer, in one
  /// transaction. Returns how many were ended.
  Result<std::int64_t> ChangePassword(const Viewer& viewer, const PasswordChange& change);
  Result<User> FindByHandle(std::string_view handle);
  Result<User> FindById(std::int64_t id);

  /// The CSRF token of an anonymous form (log in, register), bound to `pre_session` (the value of
  /// the visitor's CSRF cookie, made by NewSecretToken): base64url HMAC-SHA-512/256 of it under a
  /// secret this object makes when it starts. "" when `pre_session` is not token-shaped.
  std::string FormToken(std::string_view pre_session) const;
  /// True when `token` is FormToken(pre_session) for a token-shaped `pre_session`. A cookie and
  /// field that merely agree (planted by someone who cannot sign) are refused. Constant time.
  bool FormTokenValid(std::string_view pre_session, std::string_view token) const;

 private:
  Result<AuthResult> OpenSession(User user, SessionKind kind, std::string_view address,
                                 std::string_view user_agent);
  /// When `session` ends by its kind's timeouts (the earlier of idle and absolute).
  Timestamp ExpiryOf(const SessionRecord& session) const;
  Result<std::string> HashPassword(std::string_view password);
  bool VerifyPassword(const std::string& hash, std::string_view password);

  Store& store_;
  const Clock& clock_;
  AccountThrottles throttles_;
  AccountsOptions options_;
  std::counting_semaphore<64> hash_slots_;
  // An argon2id hash of a random password, made once: an unknown handle is verified against it
  // so that log-in takes as long whether or not the handle exists.
  std::string dummy_hash_;
  // Signs anonymous form tokens. Made at start and never stored: a restart invalidates forms
  // that were open (the next submit shows the form again with a fresh token).
  std::array<unsigned char, 32> form_key_{};
};

/// A fresh random token: 32 bytes from the CSPRNG, base64url without padding.
std::string NewSecretToken();
/// True when `token` has the shape NewSecretToken makes (43 base64url characters).
bool IsSecretTokenShaped(std::string_view token);
/// Hex SHA-256 of a token, as stored.
std::string HashToken(std::string_view token);
/// "Firefox on Linux", "Safari on iOS", "curl": a short, ASCII summary of a User-Agent header
/// for the list of sessions ("" when there is none). Never the raw header.
std::string DeviceSummary(std::string_view user_agent);
/// Constant-time comparison of two secrets. False when either is empty.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace plaza
