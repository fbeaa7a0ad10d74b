#pragma once

// A Sleeper for tests: records each wait between attempts and moves a ManualClock by it, so
// retries run at once and tests read the waits the client chose.

#include <chrono>
#include <mutex>
#include <vector>

#include "core/clock.hpp"
#include "outgoing/http_client.hpp"

namespace plaza::outgoing::testing {

class RecordingSleeper final : public Sleeper {
 public:
  explicit RecordingSleeper(ManualClock* clock = nullptr) : clock_(clock) {}

  void SleepFor(std::chrono::milliseconds duration) override {
    std::lock_guard lock(mutex_);
    waits_.push_back(duration);
    if (clock_ != nullptr) clock_->Advance(duration);
  }

  std::vector<std::chrono::milliseconds> waits() const {
    std::lock_guard lock(mutex_);
    return waits_;
  }

 private:
  ManualClock* clock_;
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> waits_;  // guarded by mutex_
};

}  // namespace plaza::outgoing::testing
