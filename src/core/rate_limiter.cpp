#include "core/rate_limiter.hpp"

#include <algorithm>

namespace plaza {

InMemoryRateLimiter::InMemoryRateLimiter(const Clock& clock, RateLimit limit, std::size_t max_keys)
    : clock_(clock), limit_(limit), max_keys_(max_keys) {}

void InMemoryRateLimiter::Sweep(Timestamp now) {
  const Timestamp window = static_cast<Timestamp>(limit_.window_s) * kMicrosPerSecond;
  std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start >= window; });
}

Status InMemoryRateLimiter::Hit(std::string_view key) {
  const Timestamp now = clock_.Now();
  const Timestamp window = static_cast<Timestamp>(limit_.window_s) * kMicrosPerSecond;
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= max_keys_) Sweep(now);
    if (windows_.size() >= max_keys_) {
      // Still full of live windows: an attacker is spraying keys. Refuse rather than grow.
      Error e{Errc::kRateLimited, "too many requests", {}, {}, limit_.window_s};
      return std::unexpected(std::move(e));
    }
    it = windows_.emplace(std::string(key), Window{now, 0}).first;
  }
  Window& w = it->second;
  if (now - w.start >= window) w = Window{now, 0};
  if (w.count >= limit_.max_events) {
    const Timestamp wait = w.start + window - now;
    const int retry =
        static_cast<int>(std::max<Timestamp>(1, (wait + kMicrosPerSecond - 1) / kMicrosPerSecond));
    Error e{Errc::kRateLimited, "too many requests, try again later", {}, {}, retry};
    return std::unexpected(std::move(e));
  }
  ++w.count;
  return {};
}

void InMemoryRateLimiter::Reset(std::string_view key) {
  std::lock_guard lock(mu_);
  if (auto it = windows_.find(key); it != windows_.end()) windows_.erase(it);
}

}  // namespace plaza
