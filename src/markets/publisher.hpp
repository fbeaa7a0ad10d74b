#pragma once

// The coalescing publisher: a feed may tick many times a second, but each symbol goes out to
// the event hub at most once per interval (1 s), carrying its newest value. The hub does not
// coalesce, so it happens here, once, before the per-subscriber fan-out.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "storage/market_store.hpp"

namespace plaza::markets {

class CoalescingPublisher {
 public:
  using Sink = std::function<void(const Ticker&)>;

  /// `sink` publishes one ticker (to the hub); it runs on the thread that calls Offer or Flush,
  /// outside the publisher's lock.
  CoalescingPublisher(const Clock& clock, Timestamp interval, Sink sink);

  /// A new value of `ticker.symbol`: published at once when the symbol's last publication is at
  /// least `interval` old, else kept as its pending value (replacing an older pending one).
  /// Thread-safe.
  void Offer(const Ticker& ticker);
  /// Publishes the pending values whose interval has passed. Returns when the next pending value
  /// falls due, or nullopt when none is pending. Thread-safe.
  std::optional<Timestamp> Flush();
  /// Values published so far (for tests and metrics).
  std::uint64_t published() const;

 private:
  const Clock& clock_;
  Timestamp interval_;
  Sink sink_;
  mutable std::mutex mu_;
  std::map<std::string, Timestamp> last_sent_;  // GUARDED_BY(mu_)
  std::map<std::string, Ticker> pending_;       // GUARDED_BY(mu_)
  std::uint64_t published_ = 0;                 // GUARDED_BY(mu_)
};

}  // namespace plaza::markets
