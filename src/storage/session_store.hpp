#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// A browser session travels in a cookie and needs a CSRF token on form writes; an API token
/// travels in an Authorization header.
enum class SessionKind { kBrowser, kApiToken };

struct SessionRecord {
  std::string token_hash;  // hex SHA-256 of the secret token; the token itself is never stored
  std::int64_t user_id = 0;
  std::string csrf;  // per-session CSRF token (browser sessions)
  SessionKind kind = SessionKind::kBrowser;
  Timestamp created_at = 0;
  Timestamp expires_at = 0;
};

/// Server-side sessions and API tokens.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  /// Stores a new session. kConflict if the token hash already exists; kNotFound (field
  /// "user_id") when the user does not exist.
  virtual Status Create(const SessionRecord& session) = 0;
  /// kNotFound when no session has that hash. An expired session is still returned: the
  /// caller compares expires_at with its clock.
  virtual Result<SessionRecord> Find(std::string_view token_hash) = 0;
  /// Removes a session. It is not an error if it did not exist.
  virtual Status Delete(std::string_view token_hash) = 0;
  /// Removes every session that expired at or before `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpired(Timestamp now) = 0;
};

}  // namespace plaza
