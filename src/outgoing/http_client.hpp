#pragma once

// Outgoing HTTP: the one way Plaza's services call other servers (the LLM engine today;
// translation engines and price feeds next). Synchronous, on libcurl; curl.h stays in the .cpp.
// docs/outgoing-http.md describes the behaviour and the [http_client] keys.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "outgoing/outgoing_options.hpp"

namespace plaza::outgoing {

/// Waits between attempts. Production sleeps the thread; tests inject one that records the wait
/// and moves a ManualClock instead.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

class ThreadSleeper final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds duration) override;
};

struct Header {
  std::string name;
  std::string value;
};

/// Per-call overrides of the client's OutgoingOptions; unset fields take the client's.
struct CallOptions {
  std::optional<std::uint32_t> connect_timeout_ms;
  std::optional<std::uint32_t> timeout_ms;
  std::optional<std::size_t> max_response_bytes;
  std::optional<RetryPolicy> retry;
};

struct Request {
  std::string method = "GET";
  /// Absolute http(s) URL inside one of the client's base URLs.
  std::string url;
  /// Sent as given (Authorization included); never logged nor quoted in errors.
  std::vector<Header> headers;
  /// Sent when not empty (or when the method is POST, PUT or PATCH).
  std::string body;
  CallOptions options;
};

struct Response {
  long status = 0;
  /// The final answer's headers, names lower-cased, in order.
  std::vector<Header> headers;
  std::string body;
  /// Attempts made, this one included.
  int attempts = 0;

  /// The first header named `name` (lower case), or "".
  std::string_view HeaderValue(std::string_view name) const;
};

/// What waits between attempts and what time it is (for Retry-After dates). Both outlive the
/// client; defaults are a ThreadSleeper and a SystemClock.
struct ClientTime {
  Sleeper* sleeper = nullptr;
  const Clock* clock = nullptr;
};

class HttpClient {
 public:
  /// `name` prefixes errors and log lines ("llm", "libretranslate"). `base_urls` are the only
  /// URLs requests may go to: http:// or https:// roots such as "https://api.example.com/v1"
  /// (a request may go to that path or below it on the same scheme, host and port).
  /// kInvalidArgument: no base URL, a base that is not an http(s) URL or carries user:password,
  /// options that fail Validate().
  static Result<std::unique_ptr<HttpClient>> Create(std::string name,
                                                    std::vector<std::string> base_urls,
                                                    OutgoingOptions options, ClientTime time = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends `request`, retrying per its RetryPolicy (408, 429, 5xx and transport failures, with
  /// exponential backoff and jitter, honouring Retry-After). Returns the final answer for any
  /// status that is not a redirect, including a 4xx or the last 5xx once attempts run out: the
  /// caller decides what a status means.
  /// Errors (messages name the client, method and URL without its query; never a header):
  /// - kInvalidArgument: a URL outside the base URLs (refused before any connection), a
  ///   malformed URL, a redirect answer (3xx: redirects are never followed), a header with a
  ///   line break;
  /// - kUnavailable: connection, DNS, TLS or transfer failure or a timeout once attempts run out
  ///   ("timeout" in the message for a timeout), a body past max_response_bytes (not retried).
  /// Thread-safe: calls run in parallel, each on its own curl handle; idle handles keep their
  /// connections for the next call.
  Result<Response> Send(const Request& request);

  /// The wait before attempt `attempt` + 1 (attempt >= 1) under `policy` for an answer that
  /// carried `retry_after` (the header's value, "" when absent), or nullopt when the server
  /// asks for longer than policy.retry_after_max_ms. Exposed for tests.
  std::optional<std::chrono::milliseconds> WaitBefore(int attempt, const RetryPolicy& policy,
                                                      std::string_view retry_after);

  const std::string& name() const { return name_; }

 private:
  struct Base;
  struct Handles;
  struct Attempt;
  HttpClient(std::string name, std::vector<Base> bases, OutgoingOptions options, ClientTime time);
  /// One transfer, no retry.
  Attempt Perform(const Request& request, const std::string& url, bool https);

  std::string name_;
  std::vector<Base> bases_;
  OutgoingOptions options_;
  ClientTime time_;
  std::unique_ptr<Handles> handles_;
};

/// The delay of a Retry-After value at `now`: delta-seconds ("120") or an HTTP date (past dates
/// give 0). nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, Timestamp now);

}  // namespace plaza::outgoing
