#pragma once

// Settings of outgoing HTTP (config section [http_client], docs/outgoing-http.md). A header of
// its own, without curl, so that app/config.hpp can hold one.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace plaza::outgoing {

/// When and how long to wait before another attempt. Attempts are retried on HTTP 408, 429 and
/// 5xx and on transport failures (connection refused or reset, DNS failure, timeouts).
struct RetryPolicy {
  /// Attempts in all, the first included (1 = no retry).
  int max_attempts = 3;
  /// The wait before the second attempt; it doubles per attempt up to backoff_max_ms. Each
  /// wait is drawn uniformly within [half, all] of that value (jitter).
  std::uint32_t backoff_initial_ms = 250;
  std::uint32_t backoff_max_ms = 5'000;
  /// A Retry-After (seconds or HTTP date) is waited as asked, up to this long; a server asking
  /// for longer gets no further attempt now (its answer is returned to the caller).
  std::uint32_t retry_after_max_ms = 30'000;
  /// Whether a timed-out attempt is retried. Callers whose own queue retries later (the LLM
  /// engine) turn it off, so that one call stays within its timeout.
  bool retry_timeouts = true;
};

struct OutgoingOptions {
  /// Proxy for http:// URLs, e.g. "http://proxy.internal:3128" ("" = none). The http_proxy
  /// and https_proxy environment variables are not read: the configuration is the one source.
  std::string http_proxy;
  /// Proxy for https:// URLs (CONNECT tunnel; TLS is still verified end to end).
  std::string https_proxy;
  /// Hosts reached without the proxy: comma-separated names, domain suffixes and addresses
  /// ("localhost,.internal,10.0.0.5"), or "*" for all.
  std::string no_proxy;
  /// A PEM bundle of CA certificates to trust instead of the system's ("" = the system's).
  /// Certificates and host names are always verified.
  std::string ca_file;
  /// Time to set up a connection (TCP and TLS), per attempt.
  std::uint32_t connect_timeout_ms = 5'000;
  /// Time for a whole attempt, connecting included.
  std::uint32_t timeout_ms = 30'000;
  /// A response body past this many bytes aborts the transfer.
  std::size_t max_response_bytes = std::size_t{4} << 20;
  RetryPolicy retry;
};

/// kInvalidArgument naming the http_client.* key at fault: a proxy that is not an http(s)://
/// URL, control characters, a timeout of 0 or over an hour, a connect timeout above the total
/// one, a response cap of 0 or over 1 GiB, attempts outside 1..10, a backoff of 0 or an initial
/// backoff above the maximum.
Status Validate(const OutgoingOptions& options);

}  // namespace plaza::outgoing
