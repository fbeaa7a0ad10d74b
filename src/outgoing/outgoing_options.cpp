#include "outgoing/outgoing_options.hpp"

#include <string_view>

namespace plaza::outgoing {

namespace {

constexpr std::uint32_t kMaxTimeoutMs = 3'600'000;
constexpr std::size_t kMaxResponseCap = std::size_t{1} << 30;
constexpr int kMaxAttempts = 10;

std::unexpected<Error> Bad(std::string_view key, std::string_view why) {
  const std::string name = "http_client." + std::string(key);
  return Fail(Errc::kInvalidArgument, name + " " + std::string(why), name);
}

bool HasControlOrSpace(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return true;
  }
  return false;
}

Status CheckProxy(std::string_view key, std::string_view proxy) {
  if (proxy.empty()) return {};
  if (!(proxy.starts_with("http://") || proxy.starts_with("https://"))) {
    return Bad(key, "must be an http:// or https:// URL (or empty)");
  }
  if (HasControlOrSpace(proxy)) return Bad(key, "contains spaces or control characters");
  return {};
}

}  // namespace

Status Validate(const OutgoingOptions& options) {
  if (auto st = CheckProxy("http_proxy", options.http_proxy); !st) return st;
  if (auto st = CheckProxy("https_proxy", options.https_proxy); !st) return st;
  for (const char c : options.no_proxy) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return Bad("no_proxy", "contains control characters");
    }
  }
  for (const char c : options.ca_file) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return Bad("ca_file", "contains control characters");
    }
  }
  if (options.timeout_ms < 1 || options.timeout_ms > kMaxTimeoutMs) {
    return Bad("timeout_ms", "must be within 1..3600000");
  }
  if (options.connect_timeout_ms < 1 || options.connect_timeout_ms > options.timeout_ms) {
    return Bad("connect_timeout_ms", "must be within 1..timeout_ms");
  }
  if (options.max_response_bytes < 1 || options.max_response_bytes > kMaxResponseCap) {
    return Bad("max_response_bytes", "must be within 1..1073741824");
  }
  const RetryPolicy& retry = options.retry;
  if (retry.max_attempts < 1 || retry.max_attempts > kMaxAttempts) {
    return Bad("max_attempts", "must be within 1..10");
  }
  if (retry.backoff_max_ms < 1 || retry.backoff_max_ms > kMaxTimeoutMs) {
    return Bad("backoff_max_ms", "must be within 1..3600000");
  }
  if (retry.backoff_initial_ms < 1 || retry.backoff_initial_ms > retry.backoff_max_ms) {
    return Bad("backoff_initial_ms", "must be within 1..backoff_max_ms");
  }
  if (retry.retry_after_max_ms > kMaxTimeoutMs) {
    return Bad("retry_after_max_ms", "must be within 0..3600000");
  }
  return {};
}

}  // namespace plaza::outgoing
