#pragma once

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
  /// The token from "Authorization: Bearer <token>", or "".
  std::string_view BearerToken() const;
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
