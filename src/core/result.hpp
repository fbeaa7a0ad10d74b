#pragma once

#include <expected>
#include <optional>
#include <string>
#include <utility>

namespace plaza {

/// Kinds of failure a service or store can report. The mapping to HTTP statuses lives in one
/// place only: http::ErrorResponse().
enum class Errc {
  kInvalidArgument,  // 400: malformed input (bad UTF-8, bad JSON, bad handle)
  kUnauthenticated,  // 401
  kForbidden,        // 403
  kNotFound,         // 404
  kGone,             // 410: deleted or hidden
  kConflict,         // 409: taken handle, stale revision, reused idempotency key
  kPayloadTooLarge,  // 413: HTTP body over the limit
  kLimitExceeded,    // 422: a content limit (title, body, comment)
  kRateLimited,      // 429
  kUnavailable,      // 503: store down, shutting down
  kInternal,         // 500
};

/// The wire name of an error code ("invalid_argument", ...).
const char* ErrcName(Errc code);

struct Error {
  Errc code = Errc::kInternal;
  std::string message;
  std::string field;                 // the input field at fault, when there is one
  std::optional<long long> limit;    // the limit that was exceeded, when there is one
  std::optional<int> retry_after_s;  // with kRateLimited
};

template <typename T>
using Result = std::expected<T, Error>;

/// For operations that return nothing on success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Errc code, std::string message, std::string field = {}) {
  return std::unexpected(
      Error{code, std::move(message), std::move(field), std::nullopt, std::nullopt});
}

}  // namespace plaza
