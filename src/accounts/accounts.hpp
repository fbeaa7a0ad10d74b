#pragma once

#include <array>
#include <cstdint>
#include <semaphore>
#include <string>
#include <string_view>

#include "accounts/login_backoff.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza {

struct AccountsOptions {
  Timestamp session_ttl = 30LL * 24 * 3600 * kMicrosPerSecond;  // browser sessions
  Timestamp api_token_ttl = 365LL * 24 * 3600 * kMicrosPerSecond;
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
  std::string address;  // client IP, for throttling
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
};

/// Who is making a request.
struct Viewer {
  User user;
  std::string csrf;
  SessionKind kind = SessionKind::kBrowser;
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
  Result<AuthResult> Register(const RegisterInput& input, SessionKind kind);
  /// kUnauthenticated with one message for an unknown handle and a wrong password.
  Result<AuthResult> Login(const LoginInput& input, SessionKind kind);
  /// Ends the session with this token. Not an error if there was none.
  Status Logout(std::string_view token);
  /// The viewer a token belongs to. kUnauthenticated when unknown or expired.
  Result<Viewer> Authenticate(std::string_view token);
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
  Result<AuthResult> OpenSession(User user, SessionKind kind);
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
/// Constant-time comparison of two secrets. False when either is empty.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace plaza
