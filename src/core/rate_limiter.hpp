#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// How many events a key may have in a window.
struct RateLimit {
  int max_events = 5;
  int window_s = 60;
};

/// Counts events per key and refuses those over the limit. The in-process version comes first;
/// a shared (PostgreSQL-backed) one replaces it for scale-out.
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  /// Records one event for `key`. kRateLimited with retry_after_s when the key is over its
  /// limit (the refused event is not counted).
  virtual Status Hit(std::string_view key) = 0;
  /// Forgets a key (e.g. after a successful log-in).
  virtual void Reset(std::string_view key) = 0;
};

/// Fixed-window limiter in memory, driven by an injected clock. Memory is bounded:
/// keys whose window has passed are dropped as new keys arrive.
class InMemoryRateLimiter final : public RateLimiter {
 public:
  InMemoryRateLimiter(const Clock& clock, RateLimit limit, std::size_t max_keys = 100'000);
  Status Hit(std::string_view key) override;
  void Reset(std::string_view key) override;

 private:
  struct Window {
    Timestamp start = 0;
    int count = 0;
  };
  void Sweep(Timestamp now);

  const Clock& clock_;
  const RateLimit limit_;
  const std::size_t max_keys_;
  std::mutex mu_;
  std::map<std::string, Window, std::less<>> windows_;  // GUARDED_BY(mu_)
};

}  // namespace plaza
