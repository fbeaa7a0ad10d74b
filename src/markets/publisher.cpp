#include "markets/publisher.hpp"

#include <utility>
#include <vector>

namespace plaza::markets {

CoalescingPublisher::CoalescingPublisher(const Clock& clock, Timestamp interval, Sink sink)
    : clock_(clock), interval_(interval), sink_(std::move(sink)) {}

void CoalescingPublisher::Offer(const Ticker& ticker) {
  {
    std::lock_guard lock(mu_);
    const Timestamp now = clock_.Now();
    auto sent = last_sent_.find(ticker.symbol);
    if (sent != last_sent_.end() && now - sent->second < interval_) {
      pending_[ticker.symbol] = ticker;
      return;
    }
    last_sent_[ticker.symbol] = now;
    pending_.erase(ticker.symbol);
    ++published_;
  }
  if (sink_) sink_(ticker);
}

std::optional<Timestamp> CoalescingPublisher::Flush() {
  std::vector<Ticker> due;
  std::optional<Timestamp> next;
  {
    std::lock_guard lock(mu_);
    const Timestamp now = clock_.Now();
    for (auto it = pending_.begin(); it != pending_.end();) {
      const Timestamp at = last_sent_[it->first] + interval_;
      if (at <= now) {
        last_sent_[it->first] = now;
        due.push_back(std::move(it->second));
        it = pending_.erase(it);
        ++published_;
      } else {
        next = next ? std::min(*next, at) : at;
        ++it;
      }
    }
  }
  if (sink_) {
    for (const auto& ticker : due) sink_(ticker);
  }
  return next;
}

std::uint64_t CoalescingPublisher::published() const {
  std::lock_guard lock(mu_);
  return published_;
}

}  // namespace plaza::markets
