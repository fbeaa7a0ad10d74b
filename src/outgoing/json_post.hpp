#pragma once

// One JSON POST to another server's API and what its status means: the shape the LLM summarizer
// and the HTTP translation engines share (docs/outgoing-http.md).

#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "outgoing/http_client.hpp"

namespace plaza::outgoing {

/// What PostJson sends besides the body, and how its errors read.
struct JsonPost {
  /// Absolute URL inside one of the client's base URLs.
  std::string url;
  /// Sent as "Authorization: Bearer <token>" when not empty.
  std::string bearer_token;
  /// Replaced by "***" in every error message, should a server echo it (an API key sent in the
  /// body or a header). Empty: nothing to hide.
  std::string secret;
  /// Who answered, at the start of a status error: "llm: the endpoint".
  std::string answered_by;
  /// A short reason read from an error answer's body, appended after ": " when not empty.
  /// Optional.
  std::function<std::string(std::string_view body)> error_detail;
};

/// `message` with every occurrence of `secret` replaced by "***" (`secret` empty: unchanged).
std::string RedactSecret(std::string message, std::string_view secret);

/// POSTs `body` (JSON text) to `post.url` with Content-Type and Accept application/json through
/// `client` (its retries included) and returns the body of a 2xx answer. Errors, redacted:
/// the client's own (kInvalidArgument for a URL outside its bases, kUnavailable for a transport
/// failure or timeout); another status is "<answered_by> answered HTTP <status>[: <detail>]
/// [ (<n> attempts)]", kUnavailable for 408, 429 and 5xx (worth trying again later) and
/// kInvalidArgument for anything else (400, 401, 404: a setting must change).
Result<std::string> PostJson(HttpClient& client, const JsonPost& post, std::string body);

}  // namespace plaza::outgoing
