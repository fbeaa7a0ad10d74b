// The runner on the calling thread (RunPending) with a ManualClock: deterministic, no threads.

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "jobs/purge.hpp"
#include "runner_fixture.hpp"

namespace plaza::jobs_test {
namespace {

using jobs::Completion;
using jobs::JobKind;

JobKind Succeeding(std::map<std::int64_t, int>& runs) {
  return JobKind{kSummary,
                 [&runs](const Job& job, const JobTicket&) -> Result<Completion> {
                   ++runs[job.id];
                   return Completion::kDone;
                 },
                 {}};
}

JobKind AlwaysFailing(int& runs, std::vector<std::int64_t>& dead, std::string& dead_error) {
  return JobKind{kSummary,
                 [&runs](const Job&, const JobTicket&) -> Result<Completion> {
                   ++runs;
                   return Fail(Errc::kUnavailable, "engine timed out");
                 },
                 [&dead, &dead_error](const Job& job, const Error& error) {
                   dead.push_back(job.id);
                   dead_error = error.message;
                   EXPECT_EQ(job.state, JobState::kDead);
                 }};
}

TEST_F(JobRunnerTest, RunsEachJobOnceAndMarksItDone) {
  std::map<std::int64_t, int> runs;
  auto& runner = Runner();
  Must(runner.Register(Succeeding(runs)));
  Job a = Enqueue("a");
  Job b = Enqueue("b");
  Job c = Enqueue("c");

  EXPECT_EQ(Must(runner.RunPending()), 3);
  EXPECT_EQ(Must(runner.RunPending()), 0);

  EXPECT_EQ(runs, (std::map<std::int64_t, int>{{a.id, 1}, {b.id, 1}, {c.id, 1}}));
  for (const Job& job : {a, b, c}) {
    Job now = Get(job.id);
    EXPECT_EQ(now.state, JobState::kDone);
    EXPECT_EQ(now.attempts, 1);
  }
}

TEST_F(JobRunnerTest, HandlerSeesPayloadAndItsTicket) {
  auto& runner = Runner();
  std::string payload;
  JobTicket seen;
  Must(runner.Register(JobKind{kSummary,
                               [&](const Job& job, const JobTicket& ticket) -> Result<Completion> {
                                 payload = job.payload;
                                 seen = ticket;
                                 return Completion::kDone;
                               },
                               {}}));
  Job job = Enqueue("p");
  ASSERT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(payload, "payload p");
  EXPECT_EQ(seen.job_id, job.id);
  EXPECT_EQ(seen.owner, runner.owner());
}

TEST_F(JobRunnerTest, RunPendingStopsAtMaxJobs) {
  std::map<std::int64_t, int> runs;
  auto& runner = Runner();
  Must(runner.Register(Succeeding(runs)));
  for (const char* key : {"a", "b", "c", "d", "e"}) Enqueue(key);

  EXPECT_EQ(Must(runner.RunPending(2)), 2);
  EXPECT_EQ(runs.size(), 2u);
  EXPECT_EQ(Must(runner.RunPending()), 3);
}

TEST_F(JobRunnerTest, FailedJobIsRetriedAfterItsBackoff) {
  auto& runner = Runner();
  int runs = 0;
  Must(runner.Register(JobKind{kSummary,
                               [&](const Job&, const JobTicket&) -> Result<Completion> {
                                 if (++runs == 1) return Fail(Errc::kUnavailable, "HTTP 503");
                                 return Completion::kDone;
                               },
                               {}}));
  Job job = Enqueue("retry");
  Timestamp failed_at = clock_.Now();

  ASSERT_EQ(Must(runner.RunPending()), 1);
  Job queued = Get(job.id);
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_EQ(queued.attempts, 1);
  EXPECT_EQ(queued.last_error, "HTTP 503");
  // First retry: the base delay, give or take 20 %.
  EXPECT_GE(queued.run_after, failed_at + kBackoffBaseMs * 800);
  EXPECT_LE(queued.run_after, failed_at + kBackoffBaseMs * 1200);

  EXPECT_EQ(Must(runner.RunPending()), 0) << "not before run_after";
  clock_.Set(queued.run_after);
  ASSERT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(runs, 2);
  Job done = Get(job.id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.attempts, 2);
}

TEST_F(JobRunnerTest, JobIsDeadAfterMaxAttemptsAndOnDeadRunsOnce) {
  auto& runner = Runner();
  int runs = 0;
  std::vector<std::int64_t> dead;
  std::string dead_error;
  Must(runner.Register(AlwaysFailing(runs, dead, dead_error)));
  Job job = Enqueue("doomed", /*max_attempts=*/3);

  for (int i = 0; i < 6; ++i) {
    Must(runner.RunPending());
    clock_.Advance(Ms(kBackoffMaxMs * 2));
  }

  EXPECT_EQ(runs, 3);
  EXPECT_EQ(dead, std::vector<std::int64_t>{job.id});
  EXPECT_EQ(dead_error, "engine timed out");
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kDead);
  EXPECT_EQ(now.attempts, 3);
  EXPECT_EQ(now.last_error, "engine timed out");
}

TEST_F(JobRunnerTest, RetryDelaysDoubleAfterEachFailure) {
  auto& runner = Runner();
  int runs = 0;
  std::vector<std::int64_t> dead;
  std::string dead_error;
  Must(runner.Register(AlwaysFailing(runs, dead, dead_error)));
  Job job = Enqueue("slow", /*max_attempts=*/5);

  std::vector<std::int64_t> delays;
  for (int i = 0; i < 4; ++i) {
    Timestamp failed_at = clock_.Now();
    ASSERT_EQ(Must(runner.RunPending()), 1);
    Job queued = Get(job.id);
    delays.push_back(queued.run_after - failed_at);
    clock_.Set(queued.run_after);
  }
  for (int i = 0; i < 4; ++i) {
    std::int64_t nominal = kBackoffBaseMs * 1000 << i;
    EXPECT_GE(delays[static_cast<std::size_t>(i)], nominal * 8 / 10) << "retry " << i + 1;
    EXPECT_LE(delays[static_cast<std::size_t>(i)], nominal * 12 / 10) << "retry " << i + 1;
  }
}

TEST_F(JobRunnerTest, ExceptionIsAFailedAttempt) {
  auto& runner = Runner();
  Must(runner.Register(JobKind{kSummary,
                               [](const Job&, const JobTicket&) -> Result<Completion> {
                                 throw std::runtime_error("kaboom");
                               },
                               {}}));
  Job job = Enqueue("throws");

  ASSERT_EQ(Must(runner.RunPending()), 1);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kQueued);
  EXPECT_EQ(now.attempts, 1);
  EXPECT_NE(now.last_error.find("kaboom"), std::string::npos) << now.last_error;
}

TEST_F(JobRunnerTest, ErrorThatIsNotValidUtf8IsStillRecorded) {
  auto& runner = Runner();
  Must(runner.Register(JobKind{kSummary,
                               [](const Job&, const JobTicket&) -> Result<Completion> {
                                 return Fail(Errc::kInternal, std::string("bad \xff\0 bytes", 12));
                               },
                               {}}));
  Job job = Enqueue("bytes");

  ASSERT_EQ(Must(runner.RunPending()), 1);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kQueued);
  EXPECT_EQ(now.last_error.substr(0, 4), "bad ");
  EXPECT_EQ(now.last_error.find('\0'), std::string::npos);
}

TEST_F(JobRunnerTest, UnknownKindsAreNotClaimed) {
  std::map<std::int64_t, int> runs;
  auto& runner = Runner();
  Must(runner.Register(Succeeding(runs)));
  Job other = Enqueue("x", 5, "translation");

  EXPECT_EQ(Must(runner.RunPending()), 0);
  Job now = Get(other.id);
  EXPECT_EQ(now.state, JobState::kQueued);
  EXPECT_EQ(now.attempts, 0);
}

TEST_F(JobRunnerTest, RunnerWithoutKindsClaimsNothing) {
  auto& runner = Runner();
  Job job = Enqueue("lonely");

  EXPECT_EQ(Must(runner.RunPending()), 0);
  EXPECT_EQ(Get(job.id).attempts, 0);
}

TEST_F(JobRunnerTest, AbandonedJobIsReclaimedAfterItsLeaseExpires) {
  std::map<std::int64_t, int> runs;
  auto& runner = Runner();
  Must(runner.Register(Succeeding(runs)));
  Job job = Enqueue("orphan");
  // A worker elsewhere claims it and dies.
  auto claimed = Must(jobs().Claim(kOtherWorker, {kSummary}, 1, clock_.Now(), kLeaseMs * 1000));
  ASSERT_EQ(claimed.size(), 1u);

  EXPECT_EQ(Must(runner.RunPending()), 0) << "the lease still holds";
  clock_.Advance(Ms(kLeaseMs + 1));
  EXPECT_EQ(Must(runner.RunPending()), 1);

  EXPECT_EQ(runs[job.id], 1);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kDone);
  EXPECT_EQ(now.attempts, 2);
}

TEST_F(JobRunnerTest, AJobWhoseWorkerDiedOnItsLastAttemptGoesToOnDead) {
  int runs = 0;
  std::vector<std::int64_t> dead;
  std::string dead_error;
  auto& runner = Runner();
  Must(runner.Register(AlwaysFailing(runs, dead, dead_error)));
  Job job = Enqueue("poison", /*max_attempts=*/1);
  // Its only attempt: a worker elsewhere claims it and dies (a crash during the job).
  ASSERT_EQ(Must(jobs().Claim(kOtherWorker, {kSummary}, 1, clock_.Now(), kLeaseMs * 1000)).size(),
            1u);
  clock_.Advance(Ms(kLeaseMs + 1));

  EXPECT_EQ(Must(runner.RunPending()), 0);  // not run again
  EXPECT_EQ(runs, 0);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0], job.id);
  EXPECT_NE(dead_error.find("lease expired"), std::string::npos) << dead_error;
  EXPECT_EQ(Get(job.id).state, JobState::kDead);
  EXPECT_EQ(Must(runner.RunPending()), 0);
  EXPECT_EQ(dead.size(), 1u);  // reported once
}

TEST_F(JobRunnerTest, HeartbeatKeepsALongJobsLease) {
  auto& runner = Runner();
  std::size_t stolen = 99;
  Must(runner.Register(JobKind{
      kSummary,
      [&](const Job&, const JobTicket&) -> Result<Completion> {
        // Runs for 4/3 of a lease, renewed halfway.
        clock_.Advance(Ms(kLeaseMs * 2 / 3));
        runner.HeartbeatNow();
        clock_.Advance(Ms(kLeaseMs * 2 / 3));
        stolen =
            Must(jobs().Claim(kOtherWorker, {kSummary}, 8, clock_.Now(), kLeaseMs * 1000)).size();
        return Completion::kDone;
      },
      {}}));
  Job job = Enqueue("long");

  ASSERT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(stolen, 0u);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kDone);
  EXPECT_EQ(now.attempts, 1);
}

TEST_F(JobRunnerTest, WithoutHeartbeatALongJobLosesItsLeaseAndIsNotCompletedByTheLoser) {
  auto& runner = Runner();
  std::size_t stolen = 0;
  Must(runner.Register(JobKind{
      kSummary,
      [&](const Job&, const JobTicket&) -> Result<Completion> {
        clock_.Advance(Ms(kLeaseMs * 4 / 3));
        stolen =
            Must(jobs().Claim(kOtherWorker, {kSummary}, 8, clock_.Now(), kLeaseMs * 1000)).size();
        return Completion::kDone;
      },
      {}}));
  Job job = Enqueue("long");

  ASSERT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(stolen, 1u);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kRunning) << "the new owner settles it";
  EXPECT_EQ(now.lease_owner, kOtherWorker);
}

TEST_F(JobRunnerTest, HeartbeatKeepsTheLeasesOfJobsWaitingInTheBatch) {
  auto& runner = Runner();
  std::map<std::int64_t, int> runs;
  std::size_t stolen = 99;
  Must(runner.Register(JobKind{
      kSummary,
      [&](const Job& job, const JobTicket&) -> Result<Completion> {
        if (runs.empty()) {
          clock_.Advance(Ms(kLeaseMs * 2 / 3));
          runner.HeartbeatNow();
          clock_.Advance(Ms(kLeaseMs * 2 / 3));
          stolen =
              Must(jobs().Claim(kOtherWorker, {kSummary}, 8, clock_.Now(), kLeaseMs * 1000)).size();
        }
        ++runs[job.id];
        return Completion::kDone;
      },
      {}}));
  Job first = Enqueue("first");
  Job second = Enqueue("second");

  ASSERT_EQ(Must(runner.RunPending()), 2);
  EXPECT_EQ(stolen, 0u) << "the waiting job's lease was renewed too";
  EXPECT_EQ(Get(first.id).state, JobState::kDone);
  Job now = Get(second.id);
  EXPECT_EQ(now.state, JobState::kDone);
  EXPECT_EQ(now.attempts, 1);
}

TEST_F(JobRunnerTest, WaitingJobWhoseLeaseWasLostIsNotStarted) {
  auto& runner = Runner();
  std::map<std::int64_t, int> runs;
  Must(runner.Register(JobKind{
      kSummary,
      [&](const Job& job, const JobTicket&) -> Result<Completion> {
        if (runs.empty()) {
          clock_.Advance(Ms(kLeaseMs + 1));
          EXPECT_EQ(
              Must(jobs().Claim(kOtherWorker, {kSummary}, 8, clock_.Now(), kLeaseMs * 1000)).size(),
              2u);
          runner.HeartbeatNow();
        }
        ++runs[job.id];
        return Completion::kDone;
      },
      {}}));
  Job first = Enqueue("first");
  Job second = Enqueue("second");

  EXPECT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(runs, (std::map<std::int64_t, int>{{first.id, 1}}));
  Job now = Get(second.id);
  EXPECT_EQ(now.state, JobState::kRunning);
  EXPECT_EQ(now.lease_owner, kOtherWorker);
}

TEST_F(JobRunnerTest, JobCompletedByItsHandlerIsDone) {
  auto& runner = Runner();
  Must(runner.Register(JobKind{kSummary,
                               [&](const Job&, const JobTicket& ticket) -> Result<Completion> {
                                 Must(jobs().Complete(ticket.job_id, ticket.owner, clock_.Now()));
                                 return Completion::kCompletedByHandler;
                               },
                               {}}));
  Job job = Enqueue("self");

  ASSERT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(Get(job.id).state, JobState::kDone);
}

TEST_F(JobRunnerTest, CompletedByHandlerIsNotCompletedByTheRunner) {
  auto& runner = Runner();
  // A handler that claims to have completed its job but did not: the runner must not complete
  // it on the handler's behalf.
  Must(runner.Register(JobKind{kSummary,
                               [](const Job&, const JobTicket&) -> Result<Completion> {
                                 return Completion::kCompletedByHandler;
                               },
                               {}}));
  Job job = Enqueue("liar");

  ASSERT_EQ(Must(runner.RunPending()), 1);
  Job now = Get(job.id);
  EXPECT_EQ(now.state, JobState::kRunning);
  EXPECT_EQ(now.lease_owner, runner.owner());
}

TEST_F(JobRunnerTest, RegisterRefusesBadAndDuplicateKinds) {
  std::map<std::int64_t, int> runs;
  auto& runner = Runner();
  Must(runner.Register(Succeeding(runs)));

  auto twice = runner.Register(Succeeding(runs));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::kConflict);
  auto unnamed = runner.Register(JobKind{"", Succeeding(runs).run, {}});
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().code, Errc::kInvalidArgument);
  auto no_handler = runner.Register(JobKind{"translation", {}, {}});
  ASSERT_FALSE(no_handler);
  EXPECT_EQ(no_handler.error().code, Errc::kInvalidArgument);
}

TEST_F(JobRunnerTest, RegisterRecurringRefusesAPeriodOutOfRange) {
  std::map<std::int64_t, int> runs;
  auto& runner = Runner();
  for (std::int64_t every_s : {std::int64_t{0}, std::int64_t{-5}, std::int64_t{367} * 86'400}) {
    auto bad = runner.RegisterRecurring(Succeeding(runs), every_s);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
  }
  // Nothing was registered by the refused calls; a refused duplicate schedules nothing either.
  Must(runner.RegisterRecurring(Succeeding(runs), 60));
  EXPECT_EQ(runner.RegisterRecurring(Succeeding(runs), 30).error().code, Errc::kConflict);
  EXPECT_EQ(Must(runner.RunPending()), 1);
  auto recurring = Must(jobs().ListRecurring());
  ASSERT_EQ(recurring.size(), 1u);
  EXPECT_EQ(recurring[0].period_us, 60 * kMicrosPerSecond);
}

TEST_F(JobRunnerTest, AFailedRecurringRunIsRetriedWithinItsPeriod) {
  int runs = 0;
  auto& runner = Runner();
  Must(runner.RegisterRecurring(
      JobKind{"tick",
              [&](const Job&, const JobTicket&) -> Result<jobs::Completion> {
                if (++runs == 1) return Fail(Errc::kUnavailable, "down");
                return jobs::Completion::kDone;
              },
              {}},
      3600));
  EXPECT_EQ(Must(runner.RunPending()), 1);
  clock_.Advance(Ms(kBackoffBaseMs * 2));
  EXPECT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Must(runner.RunPending()), 0);  // done for this period
  EXPECT_EQ(Must(jobs().ListRecurring()).at(0).job_state, JobState::kDone);
}

TEST_F(JobRunnerTest, PurgeIsRegisteredOnlyWithAPeriod) {
  auto& runner = Runner();
  Must(jobs::RegisterPurge(runner, jobs(), clock_, jobs::PurgeOptions{0, 60, 60}));
  EXPECT_EQ(Must(runner.RunPending()), 0);
  EXPECT_TRUE(Must(jobs().ListRecurring()).empty());
  Must(jobs::RegisterPurge(runner, jobs(), clock_, jobs::PurgeOptions{3600, 60, 60}));
  EXPECT_EQ(Must(runner.RunPending()), 1);
  EXPECT_EQ(Must(jobs().ListRecurring()).at(0).kind, "purge");
}

TEST_F(JobRunnerTest, DefaultOwnerNamesHostAndProcessAndDiffers) {
  jobs::RunnerOptions options = Options();
  options.owner.clear();
  jobs::JobRunner a(jobs(), clock_, nullptr, options);
  jobs::JobRunner b(jobs(), clock_, nullptr, options);
  EXPECT_NE(a.owner(), b.owner());
  EXPECT_NE(a.owner().find(":" + std::to_string(getpid()) + ":"), std::string::npos) << a.owner();
}

TEST_F(JobRunnerTest, MetricsCountRunsFailuresDeadJobsAndQueueStates) {
  auto& runner = Runner();
  int runs = 0;
  Must(runner.Register(JobKind{kSummary,
                               [&](const Job& job, const JobTicket&) -> Result<Completion> {
                                 ++runs;
                                 if (job.dedupe_key == "bad") return Fail(Errc::kInternal, "no");
                                 return Completion::kDone;
                               },
                               {}}));
  Enqueue("good");
  Enqueue("bad", /*max_attempts=*/2);
  Enqueue("later", 5, "translation");
  Must(runner.RunPending());
  clock_.Advance(Ms(kBackoffMaxMs * 2));
  Must(runner.RunPending());
  ASSERT_EQ(runs, 3);

  std::string text = metrics_.Render();
  EXPECT_NE(text.find("plaza_jobs{kind=\"summary\",state=\"done\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("plaza_jobs{kind=\"summary\",state=\"dead\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("plaza_jobs{kind=\"summary\",state=\"queued\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("plaza_jobs{kind=\"translation\",state=\"queued\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("plaza_job_failures_total{kind=\"summary\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("plaza_jobs_dead_total{kind=\"summary\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("plaza_job_run_seconds_count{kind=\"summary\"} 3\n"), std::string::npos);
}

}  // namespace
}  // namespace plaza::jobs_test
