#pragma once

// Runs a price feed on a thread of its own: polls it every poll interval (backing off, doubling
// up to 64 times the interval, while it fails), applies each tick through the ticker service
// (rejected values are logged and the last good value kept), and flushes the coalescing
// publisher when its pending values fall due. Stop() (or the destructor) ends it.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "markets/feed.hpp"
#include "markets/publisher.hpp"
#include "markets/tickers.hpp"

namespace plaza::markets {

class FeedRunner {
 public:
  FeedRunner(std::unique_ptr<PriceFeed> feed, TickerService& tickers,
             CoalescingPublisher& publisher, std::chrono::milliseconds poll_interval);
  ~FeedRunner();
  FeedRunner(const FeedRunner&) = delete;
  FeedRunner& operator=(const FeedRunner&) = delete;

  void Start();
  void Stop();

  /// One poll and the application of its ticks, on the caller's thread: what the thread does
  /// each time a poll is due. Returns the wait before the next poll (the interval, or the
  /// backoff after a failure). For tests.
  std::chrono::milliseconds PollOnce();
  int failures() const { return failures_; }

 private:
  void Run();

  std::unique_ptr<PriceFeed> feed_;
  TickerService& tickers_;
  CoalescingPublisher& publisher_;
  std::chrono::milliseconds interval_;
  int failures_ = 0;  // consecutive failed polls; the runner's thread only
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace plaza::markets
