// The runner's own threads: Start, Wake, Stop and the heartbeat thread. Waits are for an event
// with a generous deadline, never a fixed sleep.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "runner_fixture.hpp"

namespace plaza::jobs_test {
namespace {

using jobs::Completion;
using jobs::JobKind;
using std::chrono::steady_clock;

constexpr auto kDeadline = std::chrono::seconds(60);

// What the handlers saw, shared with the test thread.
struct Runs {
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::int64_t, int> by_id;
  int total = 0;
  bool release = false;  // lets a blocked handler return

  JobKind Kind(bool block = false) {
    return JobKind{kSummary,
                   [this, block](const Job& job, const JobTicket&) -> Result<Completion> {
                     std::unique_lock lock(mu);
                     ++by_id[job.id];
                     ++total;
                     cv.notify_all();
                     if (block) cv.wait_for(lock, kDeadline, [this] { return release; });
                     return Completion::kDone;
                   },
                   {}};
  }

  bool WaitForTotal(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, kDeadline, [&] { return total >= n; });
  }

  void Release() {
    std::lock_guard lock(mu);
    release = true;
    cv.notify_all();
  }
};

TEST_F(JobRunnerTest, StopFinishesTheRunningJobAndGivesTheRestOfTheBatchBack) {
  jobs::RunnerOptions options = Options();
  options.workers = 1;
  options.claim_batch = 4;
  auto& runner = Runner(options);
  Runs runs;
  Must(runner.Register(runs.Kind(/*block=*/true)));
  std::vector<Job> queued;
  for (int i = 0; i < 4; ++i) queued.push_back(Enqueue("job-" + std::to_string(i)));

  runner.Start();
  ASSERT_TRUE(runs.WaitForTotal(1));  // the first job of the batch is running
  std::thread stopper([&runner] { runner.Stop(); });
  const auto deadline = steady_clock::now() + kDeadline;
  while (!runner.Stopping() && steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_TRUE(runner.Stopping());
  runs.Release();
  stopper.join();

  EXPECT_EQ(runs.total, 1);
  int done = 0;
  for (const Job& job : queued) {
    const Job now = Get(job.id);
    if (now.state == JobState::kDone) {
      ++done;
      continue;
    }
    EXPECT_EQ(now.state, JobState::kQueued) << job.id;
    EXPECT_EQ(now.attempts, 0) << job.id;  // giving it back spent no attempt
    EXPECT_EQ(now.lease_owner, "") << job.id;
  }
  EXPECT_EQ(done, 1);
}

TEST_F(JobRunnerTest, TwoWorkersRunEveryJobExactlyOnce) {
  constexpr int kJobs = 40;
  jobs::RunnerOptions options = Options();
  options.workers = 2;
  options.claim_batch = 3;
  auto& runner = Runner(options);
  Runs runs;
  Must(runner.Register(runs.Kind()));
  for (int i = 0; i < kJobs; ++i) Enqueue("job-" + std::to_string(i));

  runner.Start();
  ASSERT_TRUE(runs.WaitForTotal(kJobs));
  runner.Stop();

  EXPECT_EQ(runs.total, kJobs);
  EXPECT_EQ(runs.by_id.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, n] : runs.by_id) EXPECT_EQ(n, 1) << "job " << id;
  JobFilter done;
  done.state = JobState::kDone;
  done.limit = 1000;
  EXPECT_EQ(Must(jobs().List(done)).size(), static_cast<std::size_t>(kJobs));
}

// A ManualClock that tells when it is read: the runner reads the clock right before it claims.
class ObservedClock final : public Clock {
 public:
  explicit ObservedClock(Timestamp start) : clock_(start) {}
  Timestamp Now() const override {
    std::lock_guard lock(mu_);
    ++reads_;
    cv_.notify_all();
    return clock_.Now();
  }
  bool WaitForReads(int n) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] { return reads_ >= n; });
  }
  void Advance(std::chrono::microseconds by) { clock_.Advance(by); }

 private:
  ManualClock clock_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable int reads_ = 0;
};

TEST_F(JobRunnerTest, WakeEndsTheIdleWait) {
  ObservedClock clock(clock_.Now());
  jobs::RunnerOptions options = Options();
  options.workers = 1;
  options.poll_ms = 3'600'000;  // without Wake() the job would wait an hour
  jobs::JobRunner runner(jobs(), clock, nullptr, options);
  Runs runs;
  Must(runner.Register(runs.Kind()));
  // Due one second from now: the worker's first claim (at "now") cannot see it, however the
  // threads interleave, and the worker then waits.
  Must(jobs().Enqueue(NewJob{kSummary, "later", "", 5, clock_.Now() + kMicrosPerSecond},
                      clock_.Now()));
  runner.Start();
  ASSERT_TRUE(clock.WaitForReads(1));

  clock.Advance(std::chrono::seconds(1));
  runner.Wake();
  EXPECT_TRUE(runs.WaitForTotal(1));
  runner.Stop();
}

TEST_F(JobRunnerTest, StopEndsTheIdleWait) {
  jobs::RunnerOptions options = Options();
  options.poll_ms = 3'600'000;
  auto& runner = Runner(options);
  Runs runs;
  Must(runner.Register(runs.Kind()));
  runner.Start();

  auto started = steady_clock::now();
  runner.Stop();
  EXPECT_LT(steady_clock::now() - started, kDeadline);
  runner.Stop();  // idempotent
}

TEST_F(JobRunnerTest, RegisterAfterStartIsRefused) {
  auto& runner = Runner();
  Runs runs;
  Must(runner.Register(runs.Kind()));
  runner.Start();
  auto late = runner.Register(JobKind{"translation", runs.Kind().run, {}});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::kConflict);
}

TEST_F(JobRunnerTest, HeartbeatThreadRenewsTheLeaseOfARunningJob) {
  jobs::RunnerOptions options = Options();
  options.lease_ms = 30;  // a heartbeat every 10 ms of real time
  options.workers = 1;    // no second worker to claim the job while its lease looks expired
  auto& runner = Runner(options);
  Runs runs;
  Must(runner.Register(runs.Kind(/*block=*/true)));
  Job job = Enqueue("long");
  runner.Start();
  ASSERT_TRUE(runs.WaitForTotal(1));

  // An hour passes in domain time: only a heartbeat can move lease_until past it.
  clock_.Advance(std::chrono::hours(1));
  Timestamp hour_later = clock_.Now();
  bool renewed = false;
  for (auto until = steady_clock::now() + kDeadline; steady_clock::now() < until;) {
    if (Get(job.id).lease_until > hour_later) {
      renewed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  runs.Release();
  runner.Stop();

  EXPECT_TRUE(renewed);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kDone);
  EXPECT_EQ(now.attempts, 1);
}

}  // namespace
}  // namespace plaza::jobs_test
