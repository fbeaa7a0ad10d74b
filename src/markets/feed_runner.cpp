#include "markets/feed_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

namespace plaza::markets {

namespace {
constexpr int kMaxBackoffFactor = 64;
}

FeedRunner::FeedRunner(std::unique_ptr<PriceFeed> feed, TickerService& tickers,
                       CoalescingPublisher& publisher, std::chrono::milliseconds poll_interval)
    : feed_(std::move(feed)), tickers_(tickers), publisher_(publisher), interval_(poll_interval) {}

FeedRunner::~FeedRunner() { Stop(); }

void FeedRunner::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void FeedRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::chrono::milliseconds FeedRunner::PollOnce() {
  if (auto reloaded = tickers_.ReloadRegistry(); !reloaded) {
    spdlog::warn("price feed {}: registry: {}", feed_->name(), reloaded.error().message);
  }
  auto ticks = feed_->Poll(tickers_.Symbols());
  if (!ticks) {
    ++failures_;
    const int factor = std::min(kMaxBackoffFactor, 1 << std::min(failures_, 6));
    spdlog::warn("price feed {}: {} (attempt {}, next in {} ms)", feed_->name(),
                 ticks.error().message, failures_, (interval_ * factor).count());
    return interval_ * factor;
  }
  failures_ = 0;
  for (const Tick& tick : *ticks) {
    auto applied = tickers_.Apply(tick);
    if (!applied && applied.error().code != Errc::kNotFound) {
      // A NaN, a negative price, 40 digits: refused, the last good value stays.
      spdlog::warn("price feed {}: {} refused: {}", feed_->name(), tick.symbol,
                   applied.error().message);
    }
  }
  return interval_;
}

void FeedRunner::Run() {
  using SteadyClock = std::chrono::steady_clock;
  auto next_poll = SteadyClock::now();
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (SteadyClock::now() >= next_poll) {
      lock.unlock();
      const auto wait = PollOnce();
      next_poll = SteadyClock::now() + wait;
      lock.lock();
      continue;
    }
    lock.unlock();
    const auto due = publisher_.Flush();
    lock.lock();
    auto until = next_poll;
    if (due) {
      // The publisher's times are domain time; its waits are short (under a second).
      const auto in =
          std::chrono::microseconds(std::max<Timestamp>(1000, *due - tickers_.clock().Now()));
      until = std::min(until, SteadyClock::now() + in);
    }
    wake_.wait_until(lock, until, [this] { return stop_; });
  }
}

}  // namespace plaza::markets
