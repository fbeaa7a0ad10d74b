#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// A browser session travels in a cookie and needs a CSRF token on form writes; an API token
/// travels in an Authorization header.
enum class SessionKind { kBrowser, kApiToken };

struct SessionRecord {
  std::string token_hash;  // hex SHA-256 of the secret token; the token itself is never stored
  // The id the owner sees in the list of sessions and revokes by: random, unrelated to the
  // token and its hash (a listed id opens nothing and reveals nothing).
  std::string id;
  std::int64_t user_id = 0;
  std::string csrf;  // per-session CSRF token (browser sessions)
  SessionKind kind = SessionKind::kBrowser;
  Timestamp created_at = 0;
  Timestamp expires_at = 0;    // absolute expiry
  Timestamp last_seen_at = 0;  // refreshed by Touch (at most once a minute by the service)
  std::string device;          // short summary of the user agent ("Firefox on Linux")
  std::string address;         // client address at log-in
};

/// When stored credentials count as ended, for DeleteExpired: a credential has ended when its
/// stored expiry is at or before `now`, or by its kind's limits from the current configuration
/// (created at or before `*_created_before`, last seen at or before `*_seen_before`). A cutoff
/// of kNever matches nothing (no idle timeout, for example).
struct SessionCutoffs {
  static constexpr Timestamp kNever = std::numeric_limits<Timestamp>::min();
  Timestamp now = 0;
  Timestamp browser_created_before = kNever;
  Timestamp browser_seen_before = kNever;
  Timestamp api_token_created_before = kNever;
  Timestamp api_token_seen_before = kNever;
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
  /// Removes every session that has ended by `cutoffs`; returns how many.
  virtual Result<std::int64_t> DeleteExpired(const SessionCutoffs& cutoffs) = 0;
  /// Every session and API token of a user (expired ones included), most recently seen first.
  virtual Result<std::vector<SessionRecord>> ListForUser(std::int64_t user_id) = 0;
  /// Sets last_seen_at. It is not an error if the session does not exist.
  virtual Status Touch(std::string_view token_hash, Timestamp last_seen_at) = 0;
  /// Removes the session of `user_id` whose public id is `id`. kNotFound when that user has no
  /// such session (another user's id is not found either).
  virtual Status DeleteById(std::int64_t user_id, std::string_view id) = 0;
  /// Removes every session of `user_id` except the one whose hash is `keep_token_hash` ("" keeps
  /// none); returns how many.
  virtual Result<std::int64_t> DeleteOthers(std::int64_t user_id,
                                            std::string_view keep_token_hash) = 0;
};

}  // namespace plaza
