#pragma once

// A JobRunner over a real SQLite store in a temporary directory, driven by a ManualClock with a
// fixed jitter seed, plus helpers to enqueue jobs and read them back.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "jobs/job_runner.hpp"
#include "ops/metrics.hpp"
#include "scratch_database.hpp"

namespace plaza::jobs_test {

using storage_test::Must;

inline constexpr char kSummary[] = "summary";
inline constexpr std::int64_t kLeaseMs = 60'000;
inline constexpr std::int64_t kBackoffBaseMs = 2'000;
inline constexpr std::int64_t kBackoffMaxMs = 600'000;
inline constexpr char kOtherWorker[] = "other-host:1:dead";

inline std::chrono::microseconds Ms(std::int64_t ms) { return std::chrono::milliseconds(ms); }

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
  }

  static jobs::RunnerOptions Options() {
    jobs::RunnerOptions options;
    options.workers = 2;
    options.claim_batch = 8;
    options.lease_ms = kLeaseMs;
    options.poll_ms = 1'000;
    options.backoff_base_ms = kBackoffBaseMs;
    options.backoff_max_ms = kBackoffMaxMs;
    options.owner = "test-host:42:runner";
    options.seed = 7;
    return options;
  }

  jobs::JobRunner& Runner(jobs::RunnerOptions options = Options()) {
    runner_ = std::make_unique<jobs::JobRunner>(store_->jobs(), clock_, &metrics_, options);
    return *runner_;
  }

  Job Enqueue(const std::string& key, int max_attempts = 5, const std::string& kind = kSummary) {
    return Must(store_->jobs().Enqueue(NewJob{kind, key, "payload " + key, max_attempts, 0},
                                       clock_.Now()))
        .job;
  }

  Job Get(std::int64_t id) { return Must(store_->jobs().Get(id)); }

  JobStore& jobs() { return store_->jobs(); }

  ManualClock clock_;
  ops::Registry metrics_;
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<jobs::JobRunner> runner_;  // destroyed (stopped) before the store
};

}  // namespace plaza::jobs_test
