#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace plaza::http {

/// A parsed request, independent of Beast so that handlers compile fast.
struct Request {
  std::string method;  // "GET", "POST", ... (HEAD is served as GET with the body dropped)
  std::string target;  // raw request target: "/p/1-x?lang=fr"
  std::string path;    // percent-decoded path: "/p/1-x"
  std::string query;   // raw query string without '?': "lang=fr"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // client address (X-Forwarded-For only from trusted proxies)
  std::string request_id;
  std::map<std::string, std::string, std::less<>> params;  // route parameters ("id", "slug")
  std::string route;  // the matched route's pattern, for metrics and logs

  /// First header with that (lower-case) name, or "".
  std::string_view Header(std::string_view name) const;
  /// A cookie's value from the Cookie header.
  std::optional<std::string> Cookie(std::string_view name) const;
  /// A percent-decoded query parameter.
  std::optional<std::string> Query(std::string_view name) const;
  /// Fields of an application/x-www-form-urlencoded body. kInvalidArgument when malformed.
  Result<std::map<std::string, std::string, std::less<>>> FormFields() const;
  /// Every value of the form field `name`, in order (FormFields keeps the first only): checkboxes
  /// and multiple selects send one pair each. Call it after FormFields accepted the body.
  std::vector<std::string> FormValues(std::string_view name) const;
  /// The token from "Authorization: Bearer <token>", or "".
  std::string_view BearerToken() const;
};

/// Why a streamed response ended (see StreamSource::Ended).
enum class StreamEnd {
  kSourceEnded,   // Next() said so
  kClientGone,    // the client closed the connection or a write failed
  kWriteTimeout,  // a write did not complete within write_timeout()
  kAbandoned,     // Abandoned() turned true while a write was stuck
  kServerStopping,
};

/// What a streamed chunk carries.
struct StreamChunk {
  std::string bytes;  // to send now; may be empty
  bool end = false;   // close the stream once `bytes` are sent
};

/// A response body produced over time (Server-Sent Events). After the head (chunked, or
/// delimited by closing the connection for HTTP/1.0) the server drives the source on the
/// connection's I/O thread: Start(), then Next() whenever woken, a heartbeat after
/// heartbeat_interval() without a write, until Next() ends the stream, the client goes away, a
/// write takes longer than write_timeout(), or the server stops (streams end at once on Stop()).
/// Only one write is ever in flight: what the source holds back is its own business to bound.
/// Methods other than Abandoned() are called on that one thread, one at a time.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  /// Called once, first. `wake` may be called from any thread, any number of times, until the
  /// source is destroyed; each call makes the server call Next() soon. It never blocks.
  virtual void Start(std::function<void()> wake) = 0;
  /// What to send now.
  virtual StreamChunk Next() = 0;
  /// Bytes that keep an idle stream open through proxies (an SSE comment).
  virtual std::string Heartbeat() = 0;
  virtual std::chrono::milliseconds heartbeat_interval() const = 0;
  virtual std::chrono::milliseconds write_timeout() const = 0;
  /// Thread-safe: true when the stream should end without waiting for a stuck write (the
  /// subscriber was dropped). Asked when woken during a write.
  virtual bool Abandoned() const = 0;
  /// Called once at the end, with the reason.
  virtual void Ended(StreamEnd why) = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
  std::string body;
  /// When not empty, sent instead of `body` without a copy: bytes in static storage (embedded
  /// assets), or a cached page that `body_owner` keeps alive until the write completes.
  std::string_view body_view;
  std::shared_ptr<const void> body_owner;
  /// When set, the body is streamed from this source after the head (no Content-Length; the
  /// connection closes when the stream ends). HEAD gets the head only.
  std::shared_ptr<StreamSource> stream;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

/// The one mapping from Errc to an HTTP status.
int StatusFor(Errc code);
/// {"error": {"code", "message", "field"?, "limit"?}} with the status of its code, and
/// Retry-After for kRateLimited.
Response ErrorResponse(const Error& error);
Response JsonResponse(int status, std::string json_body);
Response Redirect(int status, std::string location);

}  // namespace plaza::http
