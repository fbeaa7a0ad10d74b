#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "jobs/job_runner.hpp"
#include "jobs/purge.hpp"
#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr std::int64_t kLease = 30 * kMicrosPerSecond;

class JobStoreContract : public StoreContract {
 protected:
  NewJob MakeJob(const std::string& kind, const std::string& key, Timestamp run_after,
                 int max_attempts = 5) {
    NewJob job;
    job.kind = kind;
    job.dedupe_key = key;
    job.payload = "payload of " + key;
    job.max_attempts = max_attempts;
    job.run_after = run_after;
    return job;
  }

  Job AddJob(const std::string& kind, const std::string& key, Timestamp run_after,
             int max_attempts = 5) {
    auto enqueued = Must(jobs().Enqueue(MakeJob(kind, key, run_after, max_attempts), t0_));
    EXPECT_TRUE(enqueued.created);
    return enqueued.job;
  }

  std::vector<Job> ClaimAll(const std::string& owner, Timestamp now, int limit = 100,
                            std::vector<std::string> kinds = {}) {
    return Must(jobs().Claim(owner, kinds, limit, now, kLease));
  }

  // Claims exactly one job, failing the test when anything else comes back.
  Job ClaimOne(const std::string& owner, Timestamp now) {
    auto claimed = ClaimAll(owner, now, 1);
    if (claimed.size() != 1) {
      ADD_FAILURE() << "claimed " << claimed.size() << " jobs, wanted one";
      throw std::runtime_error("ClaimOne");
    }
    return claimed.front();
  }

  static std::vector<std::int64_t> JobIds(const std::vector<Job>& items) {
    std::vector<std::int64_t> ids;
    for (const auto& j : items) ids.push_back(j.id);
    return ids;
  }

  static std::vector<std::string> Keys(const std::vector<Job>& items) {
    std::vector<std::string> keys;
    for (const auto& j : items) keys.push_back(j.dedupe_key);
    return keys;
  }

  std::int64_t CountOf(const std::string& kind, JobState state) {
    for (const auto& c : Must(jobs().Counts())) {
      if (c.kind == kind && c.state == state) return c.count;
    }
    return 0;
  }

  const Timestamp t0_ = clock_.Now();
};

// --- Enqueue -------------------------------------------------------------------------------

TEST_P(JobStoreContract, EnqueueStoresAQueuedJob) {
  const auto enqueued = Must(jobs().Enqueue(MakeJob("summary", "post:1:1", t0_ + 5, 3), t0_));
  EXPECT_TRUE(enqueued.created);
  const Job& job = enqueued.job;
  EXPECT_GT(job.id, 0);
  EXPECT_EQ(job.kind, "summary");
  EXPECT_EQ(job.dedupe_key, "post:1:1");
  EXPECT_EQ(job.payload, "payload of post:1:1");
  EXPECT_EQ(job.state, JobState::kQueued);
  EXPECT_EQ(job.attempts, 0);
  EXPECT_EQ(job.max_attempts, 3);
  EXPECT_EQ(job.run_after, t0_ + 5);
  EXPECT_EQ(job.lease_owner, "");
  EXPECT_EQ(job.lease_until, 0);
  EXPECT_EQ(job.last_error, "");
  EXPECT_EQ(job.created_at, t0_);
  EXPECT_EQ(job.updated_at, t0_);

  const Job got = Must(jobs().Get(job.id));
  EXPECT_EQ(got.dedupe_key, "post:1:1");
  EXPECT_EQ(got.payload, "payload of post:1:1");
  EXPECT_EQ(got.run_after, t0_ + 5);
  EXPECT_EQ(got.created_at, t0_);
}

TEST_P(JobStoreContract, EnqueueOfAnExistingKindAndKeyReturnsTheJobUnchanged) {
  const Job first = AddJob("summary", "post:1:1", t0_);
  Must(jobs().Complete(ClaimOne("w1", t0_).id, "w1", t0_ + 1));

  NewJob again = MakeJob("summary", "post:1:1", t0_ + 100, 9);
  again.payload = "different";
  const auto enqueued = Must(jobs().Enqueue(again, t0_ + 50));
  EXPECT_FALSE(enqueued.created);
  EXPECT_EQ(enqueued.job.id, first.id);
  EXPECT_EQ(enqueued.job.state, JobState::kDone);
  EXPECT_EQ(enqueued.job.payload, "payload of post:1:1");
  EXPECT_EQ(enqueued.job.max_attempts, 5);
  EXPECT_EQ(Must(jobs().List({})).size(), 1u);
}

TEST_P(JobStoreContract, SameDedupeKeyOfAnotherKindIsAnotherJob) {
  const Job summary = AddJob("summary", "post:1:1", t0_);
  const Job translation = AddJob("translation", "post:1:1", t0_);
  EXPECT_NE(summary.id, translation.id);
}

TEST_P(JobStoreContract, EnqueueRefusesMissingKindKeyOrAttempts) {
  auto no_kind = jobs().Enqueue(MakeJob("", "k", t0_), t0_);
  ASSERT_FALSE(no_kind);
  EXPECT_EQ(no_kind.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(no_kind.error().field, "kind");

  auto no_key = jobs().Enqueue(MakeJob("summary", "", t0_), t0_);
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(no_key.error().field, "dedupe_key");

  auto no_attempts = jobs().Enqueue(MakeJob("summary", "k", t0_, 0), t0_);
  ASSERT_FALSE(no_attempts);
  EXPECT_EQ(no_attempts.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(no_attempts.error().field, "max_attempts");
  EXPECT_THAT(Must(jobs().List({})), IsEmpty());
}

TEST_P(JobStoreContract, EnqueueRefusesTextThatIsNotUtf8) {
  const std::string bad = "bad\xc3\x28";
  const std::string nul("a\0b", 3);
  struct Case {
    NewJob job;
    const char* field;
  };
  std::vector<Case> cases = {{MakeJob(bad, "k", t0_), "kind"},
                             {MakeJob("summary", nul, t0_), "dedupe_key"},
                             {MakeJob("summary", "k", t0_), "payload"}};
  cases[2].job.payload = bad;
  for (const auto& c : cases) {
    auto enqueued = jobs().Enqueue(c.job, t0_);
    ASSERT_FALSE(enqueued) << c.field;
    EXPECT_EQ(enqueued.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(enqueued.error().field, c.field);
  }
  EXPECT_THAT(Must(jobs().List({})), IsEmpty());
}

// --- Claim ---------------------------------------------------------------------------------

TEST_P(JobStoreContract, ClaimTakesDueJobsOldestRunAfterFirstUpToTheLimit) {
  AddJob("summary", "c", t0_ + 3);
  AddJob("summary", "a", t0_ + 1);
  AddJob("summary", "d", t0_ + 4);
  AddJob("summary", "b", t0_ + 2);

  const auto first = ClaimAll("w1", t0_ + 10, 3);
  EXPECT_THAT(Keys(first), ElementsAre("a", "b", "c"));
  const auto second = ClaimAll("w1", t0_ + 10, 3);
  EXPECT_THAT(Keys(second), ElementsAre("d"));
  EXPECT_THAT(ClaimAll("w1", t0_ + 10, 3), IsEmpty());
}

TEST_P(JobStoreContract, ClaimBreaksRunAfterTiesById) {
  const Job a = AddJob("summary", "a", t0_);
  const Job b = AddJob("summary", "b", t0_);
  EXPECT_THAT(JobIds(ClaimAll("w1", t0_)), ElementsAre(a.id, b.id));
}

TEST_P(JobStoreContract, ClaimLeavesJobsThatAreNotDueYet) {
  AddJob("summary", "now", t0_);
  AddJob("summary", "later", t0_ + 10);
  EXPECT_THAT(Keys(ClaimAll("w1", t0_)), ElementsAre("now"));
  EXPECT_THAT(ClaimAll("w1", t0_ + 9), IsEmpty());
  EXPECT_THAT(Keys(ClaimAll("w1", t0_ + 10)), ElementsAre("later"));
}

TEST_P(JobStoreContract, ClaimSetsTheLeaseAndCountsAnAttempt) {
  const Job job = AddJob("summary", "k", t0_);
  const Job claimed = ClaimOne("worker-7", t0_ + 2);
  EXPECT_EQ(claimed.id, job.id);
  EXPECT_EQ(claimed.state, JobState::kRunning);
  EXPECT_EQ(claimed.lease_owner, "worker-7");
  EXPECT_EQ(claimed.lease_until, t0_ + 2 + kLease);
  EXPECT_EQ(claimed.attempts, 1);
  EXPECT_EQ(claimed.updated_at, t0_ + 2);
  EXPECT_EQ(claimed.payload, "payload of k");

  const Job stored = Must(jobs().Get(job.id));
  EXPECT_EQ(stored.state, JobState::kRunning);
  EXPECT_EQ(stored.lease_owner, "worker-7");
  EXPECT_EQ(stored.lease_until, t0_ + 2 + kLease);
  EXPECT_EQ(stored.attempts, 1);
}

TEST_P(JobStoreContract, ClaimOnlyTakesTheKindsAskedFor) {
  AddJob("summary", "s", t0_);
  AddJob("translation", "t", t0_ + 1);
  AddJob("thumbnail", "h", t0_ + 2);

  EXPECT_THAT(Keys(ClaimAll("w1", t0_ + 5, 10, {"translation"})), ElementsAre("t"));
  EXPECT_THAT(ClaimAll("w1", t0_ + 5, 10, {"translation"}), IsEmpty());
  EXPECT_THAT(Keys(ClaimAll("w1", t0_ + 5, 10, {"thumbnail", "summary", "summary"})),
              ElementsAre("s", "h"));
  EXPECT_THAT(ClaimAll("w1", t0_ + 5, 10, {"unknown"}), IsEmpty());
}

TEST_P(JobStoreContract, ClaimWithSeveralKindsKeepsRunAfterOrderAndLimit) {
  AddJob("a", "a1", t0_ + 1);
  AddJob("b", "b1", t0_ + 2);
  AddJob("a", "a2", t0_ + 3);
  AddJob("b", "b2", t0_ + 4);
  EXPECT_THAT(Keys(ClaimAll("w1", t0_ + 9, 3, {"a", "b"})), ElementsAre("a1", "b1", "a2"));
}

TEST_P(JobStoreContract, ClaimOfAnEmptyQueueIsEmpty) {
  EXPECT_THAT(ClaimAll("w1", t0_), IsEmpty());
}

TEST_P(JobStoreContract, ClaimRefusesBadArguments) {
  struct Case {
    std::string owner;
    std::vector<std::string> kinds;
    int limit;
    std::int64_t lease;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"", {}, 1, kLease, "owner"},           {"w\xff", {}, 1, kLease, "owner"},
      {"w", {"bad\xc3"}, 1, kLease, "kinds"}, {"w", {}, 0, kLease, "limit"},
      {"w", {}, 1001, kLease, "limit"},       {"w", {}, 1, 0, "lease_us"},
  };
  const Job job = AddJob("summary", "k", t0_);
  for (const auto& c : cases) {
    auto claimed = jobs().Claim(c.owner, c.kinds, c.limit, t0_, c.lease);
    ASSERT_FALSE(claimed) << c.field;
    EXPECT_EQ(claimed.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(claimed.error().field, c.field);
  }
  EXPECT_EQ(Must(jobs().Get(job.id)).state, JobState::kQueued);
}

TEST_P(JobStoreContract, AClaimedJobIsNotClaimedAgainWhileItsLeaseHolds) {
  AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  EXPECT_THAT(ClaimAll("w2", t0_ + kLease - 1), IsEmpty());
  // lease_until itself still belongs to the holder: only a lease that ended before now expires.
  EXPECT_THAT(ClaimAll("w2", t0_ + kLease), IsEmpty());
}

TEST_P(JobStoreContract, ConcurrentClaimersNeverReceiveTheSameJob) {
  constexpr int kJobs = 240;
  constexpr int kWorkers = 4;
  for (int i = 0; i < kJobs; ++i) AddJob("summary", "post:" + std::to_string(i), t0_ + i);

  std::vector<std::vector<Job>> got(kWorkers);
  std::vector<std::string> errors(kWorkers);
  {
    std::vector<std::jthread> workers;
    for (int w = 0; w < kWorkers; ++w) {
      workers.emplace_back([&, w] {
        const std::string owner = "worker-" + std::to_string(w);
        for (;;) {
          auto claimed = jobs().Claim(owner, {"summary"}, 7, t0_ + kJobs, kLease);
          if (!claimed) {
            errors[w] = Describe(claimed.error());
            return;
          }
          if (claimed->empty()) return;
          for (auto& job : *claimed) got[w].push_back(std::move(job));
        }
      });
    }
  }
  std::set<std::int64_t> seen;
  std::size_t total = 0;
  for (int w = 0; w < kWorkers; ++w) {
    EXPECT_EQ(errors[w], "");
    for (const auto& job : got[w]) {
      EXPECT_TRUE(seen.insert(job.id).second) << "job " << job.id << " claimed twice";
      EXPECT_EQ(job.lease_owner, "worker-" + std::to_string(w));
      EXPECT_EQ(job.attempts, 1);
      ++total;
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kJobs));
  EXPECT_THAT(ClaimAll("late", t0_ + kJobs), IsEmpty());
  EXPECT_EQ(CountOf("summary", JobState::kRunning), kJobs);
}

TEST_P(JobStoreContract, AnExpiredLeaseIsClaimedAgainByAnotherWorker) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  const Timestamp later = t0_ + kLease + 1;
  const Job reclaimed = ClaimOne("w2", later);
  EXPECT_EQ(reclaimed.id, job.id);
  EXPECT_EQ(reclaimed.lease_owner, "w2");
  EXPECT_EQ(reclaimed.lease_until, later + kLease);
  EXPECT_EQ(reclaimed.attempts, 2);
}

TEST_P(JobStoreContract, AnExpiredLeaseOnTheLastAttemptMakesTheJobDead) {
  const Job job = AddJob("summary", "k", t0_, 2);
  ClaimOne("w1", t0_);
  ClaimOne("w2", t0_ + kLease + 1);  // second and last attempt
  const Timestamp later = t0_ + 3 * kLease;
  // Returned once, dead, by the claim that buried it; never claimed.
  const std::vector<Job> buried = ClaimAll("w3", later);
  ASSERT_EQ(buried.size(), 1u);
  EXPECT_EQ(buried[0].id, job.id);
  EXPECT_EQ(buried[0].state, JobState::kDead);
  EXPECT_EQ(buried[0].last_error, "lease expired");
  EXPECT_THAT(ClaimAll("w4", later + 1), IsEmpty());

  const Job dead = Must(jobs().Get(job.id));
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_EQ(dead.attempts, 2);
  EXPECT_EQ(dead.last_error, "lease expired");
  EXPECT_EQ(dead.lease_owner, "");
  EXPECT_EQ(dead.lease_until, 0);
  EXPECT_EQ(dead.updated_at, later);
}

// --- Heartbeat, Complete ---------------------------------------------------------------------

TEST_P(JobStoreContract, HeartbeatExtendsTheLease) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  Must(jobs().Heartbeat(job.id, "w1", t0_ + 3 * kLease));
  EXPECT_EQ(Must(jobs().Get(job.id)).lease_until, t0_ + 3 * kLease);
  EXPECT_THAT(ClaimAll("w2", t0_ + 2 * kLease), IsEmpty());
  EXPECT_THAT(JobIds(ClaimAll("w2", t0_ + 3 * kLease + 1)), ElementsAre(job.id));
}

TEST_P(JobStoreContract, HeartbeatAfterAnotherWorkerReclaimedConflicts) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  ClaimOne("w2", t0_ + kLease + 1);

  auto beat = jobs().Heartbeat(job.id, "w1", t0_ + 5 * kLease);
  ASSERT_FALSE(beat);
  EXPECT_EQ(beat.error().code, Errc::kConflict);
  auto completed = jobs().Complete(job.id, "w1", t0_ + kLease + 2);
  ASSERT_FALSE(completed);
  EXPECT_EQ(completed.error().code, Errc::kConflict);
  auto failed = jobs().Fail(job.id, "w1", "boom", t0_ + kLease + 2, t0_);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kConflict);

  const Job stored = Must(jobs().Get(job.id));
  EXPECT_EQ(stored.state, JobState::kRunning);
  EXPECT_EQ(stored.lease_owner, "w2");
  EXPECT_EQ(stored.lease_until, t0_ + kLease + 1 + kLease);
}

TEST_P(JobStoreContract, HeartbeatCompleteAndFailOfAnUnknownJobAreNotFound) {
  auto beat = jobs().Heartbeat(4242, "w1", t0_);
  ASSERT_FALSE(beat);
  EXPECT_EQ(beat.error().code, Errc::kNotFound);
  auto completed = jobs().Complete(4242, "w1", t0_);
  ASSERT_FALSE(completed);
  EXPECT_EQ(completed.error().code, Errc::kNotFound);
  auto failed = jobs().Fail(4242, "w1", "boom", t0_, t0_);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kNotFound);
}

TEST_P(JobStoreContract, CompleteMarksTheJobDoneAndEndsTheLease) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  Must(jobs().Complete(job.id, "w1", t0_ + 7));
  const Job done = Must(jobs().Get(job.id));
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.lease_owner, "");
  EXPECT_EQ(done.lease_until, 0);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_EQ(done.updated_at, t0_ + 7);
  EXPECT_THAT(ClaimAll("w2", t0_ + 10 * kLease), IsEmpty());
}

TEST_P(JobStoreContract, ReleaseQueuesTheJobAgainAndTakesBackTheAttempt) {
  const Job job = AddJob("summary", "k", t0_, 1);  // one attempt only
  ClaimOne("w1", t0_);
  Must(jobs().Release(job.id, "w1", t0_ + 5));
  const Job released = Must(jobs().Get(job.id));
  EXPECT_EQ(released.state, JobState::kQueued);
  EXPECT_EQ(released.attempts, 0);
  EXPECT_EQ(released.lease_owner, "");
  EXPECT_EQ(released.lease_until, 0);
  EXPECT_EQ(released.run_after, t0_ + 5);
  // Claimable at once, and its single attempt is still there to use.
  const Job again = ClaimOne("w2", t0_ + 5);
  EXPECT_EQ(again.id, job.id);
  EXPECT_EQ(again.attempts, 1);
}

TEST_P(JobStoreContract, ReleaseOfAJobHeldByAnotherOwnerConflicts) {
  const Job job = AddJob("summary", "k", t0_);
  auto queued = jobs().Release(job.id, "w1", t0_);
  ASSERT_FALSE(queued);
  EXPECT_EQ(queued.error().code, Errc::kConflict);
  ClaimOne("w1", t0_);
  auto other = jobs().Release(job.id, "w2", t0_);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::kConflict);
  auto unknown = jobs().Release(4242, "w1", t0_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::kNotFound);
  EXPECT_EQ(Must(jobs().Get(job.id)).lease_owner, "w1");
}

TEST_P(JobStoreContract, CompleteOfAJobThatIsNotRunningConflicts) {
  const Job job = AddJob("summary", "k", t0_);
  auto queued = jobs().Complete(job.id, "w1", t0_);
  ASSERT_FALSE(queued);
  EXPECT_EQ(queued.error().code, Errc::kConflict);

  ClaimOne("w1", t0_);
  Must(jobs().Complete(job.id, "w1", t0_ + 1));
  auto twice = jobs().Complete(job.id, "w1", t0_ + 2);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::kConflict);
  EXPECT_EQ(Must(jobs().Get(job.id)).updated_at, t0_ + 1);
}

TEST_P(JobStoreContract, HeartbeatCompleteAndFailRefuseABadOwner) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  auto beat = jobs().Heartbeat(job.id, "w\xc3", t0_);
  ASSERT_FALSE(beat);
  EXPECT_EQ(beat.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(beat.error().field, "owner");
  auto completed = jobs().Complete(job.id, "", t0_);
  ASSERT_FALSE(completed);
  EXPECT_EQ(completed.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(completed.error().field, "owner");
  auto failed = jobs().Fail(job.id, std::string("w\0", 2), "boom", t0_, t0_);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(failed.error().field, "owner");
}

// --- Fail, Retry ---------------------------------------------------------------------------

TEST_P(JobStoreContract, FailQueuesTheJobAgainAtRetryAt) {
  const Job job = AddJob("summary", "k", t0_, 3);
  ClaimOne("w1", t0_);
  const Timestamp retry_at = t0_ + 60 * kMicrosPerSecond;
  EXPECT_EQ(Must(jobs().Fail(job.id, "w1", "engine timed out", t0_ + 1, retry_at)),
            JobState::kQueued);

  const Job queued = Must(jobs().Get(job.id));
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_EQ(queued.run_after, retry_at);
  EXPECT_EQ(queued.last_error, "engine timed out");
  EXPECT_EQ(queued.lease_owner, "");
  EXPECT_EQ(queued.lease_until, 0);
  EXPECT_EQ(queued.attempts, 1);
  EXPECT_EQ(queued.updated_at, t0_ + 1);

  EXPECT_THAT(ClaimAll("w1", retry_at - 1), IsEmpty());
  const Job again = ClaimOne("w1", retry_at);
  EXPECT_EQ(again.id, job.id);
  EXPECT_EQ(again.attempts, 2);
  EXPECT_EQ(again.last_error, "engine timed out");
}

TEST_P(JobStoreContract, FailOnTheLastAttemptMakesTheJobDead) {
  const Job job = AddJob("summary", "k", t0_, 2);
  Timestamp now = t0_;
  ClaimOne("w1", now);
  EXPECT_EQ(Must(jobs().Fail(job.id, "w1", "first", now + 1, now + 2)), JobState::kQueued);
  now += 2;
  ClaimOne("w1", now);
  EXPECT_EQ(Must(jobs().Fail(job.id, "w1", "second", now + 1, now + 2)), JobState::kDead);

  const Job dead = Must(jobs().Get(job.id));
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_EQ(dead.attempts, 2);
  EXPECT_EQ(dead.last_error, "second");
  EXPECT_EQ(dead.lease_owner, "");
  EXPECT_THAT(ClaimAll("w1", now + 10 * kLease), IsEmpty());
}

TEST_P(JobStoreContract, FailKeepsAtMostOneThousandBytesOfErrorWithoutSplittingACharacter) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  // 999 ASCII bytes, then "é" (2 bytes) straddling the limit.
  const std::string error = std::string(999, 'x') + "\xc3\xa9" + std::string(50, 'y');
  Must(jobs().Fail(job.id, "w1", error, t0_, t0_));
  EXPECT_EQ(Must(jobs().Get(job.id)).last_error, std::string(999, 'x'));

  ClaimOne("w1", t0_);
  const std::string fits = std::string(998, 'x') + "\xc3\xa9" + "tail";
  Must(jobs().Fail(job.id, "w1", fits, t0_, t0_));
  EXPECT_EQ(Must(jobs().Get(job.id)).last_error, std::string(998, 'x') + "\xc3\xa9");
}

TEST_P(JobStoreContract, FailRefusesAnErrorThatIsNotUtf8) {
  const Job job = AddJob("summary", "k", t0_);
  ClaimOne("w1", t0_);
  auto failed = jobs().Fail(job.id, "w1", "bad \xff", t0_, t0_);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(failed.error().field, "error");
  EXPECT_EQ(Must(jobs().Get(job.id)).state, JobState::kRunning);
}

TEST_P(JobStoreContract, RetryQueuesADeadJobNowWithItsAttemptsReset) {
  const Job job = AddJob("summary", "k", t0_, 1);
  ClaimOne("w1", t0_);
  Must(jobs().Fail(job.id, "w1", "broken", t0_ + 1, t0_ + 2));

  Must(jobs().Retry(job.id, t0_ + 100));
  const Job queued = Must(jobs().Get(job.id));
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_EQ(queued.attempts, 0);
  EXPECT_EQ(queued.run_after, t0_ + 100);
  EXPECT_EQ(queued.updated_at, t0_ + 100);
  EXPECT_EQ(queued.last_error, "broken");
  EXPECT_EQ(ClaimOne("w1", t0_ + 100).attempts, 1);
}

TEST_P(JobStoreContract, RetryOfAJobThatIsNotDeadConflictsAndOfAnUnknownOneIsNotFound) {
  const Job job = AddJob("summary", "k", t0_);
  auto queued = jobs().Retry(job.id, t0_);
  ASSERT_FALSE(queued);
  EXPECT_EQ(queued.error().code, Errc::kConflict);
  auto unknown = jobs().Retry(4242, t0_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::kNotFound);
}

TEST_P(JobStoreContract, RetryDeadQueuesEveryDeadJobOfTheKindGiven) {
  for (const char* key : {"s1", "s2"}) AddJob("summary", key, t0_, 1);
  AddJob("translation", "t1", t0_, 1);
  AddJob("summary", "alive", t0_ + kLease * 10);
  for (const auto& job : ClaimAll("w1", t0_)) {
    Must(jobs().Fail(job.id, "w1", "no", t0_, t0_));
  }
  EXPECT_EQ(CountOf("summary", JobState::kDead), 2);

  EXPECT_EQ(Must(jobs().RetryDead(std::string("summary"), t0_ + 5)), 2);
  EXPECT_EQ(CountOf("summary", JobState::kDead), 0);
  EXPECT_EQ(CountOf("summary", JobState::kQueued), 3);
  EXPECT_EQ(CountOf("translation", JobState::kDead), 1);

  EXPECT_EQ(Must(jobs().RetryDead(std::nullopt, t0_ + 5)), 1);
  EXPECT_EQ(CountOf("translation", JobState::kQueued), 1);
  EXPECT_EQ(Must(jobs().RetryDead(std::nullopt, t0_ + 5)), 0);
}

// --- Purge, Counts, List ---------------------------------------------------------------------

TEST_P(JobStoreContract, PurgeDeletesDoneAndDeadJobsLastUpdatedBeforeTheCutoff) {
  const Job done_old = AddJob("summary", "done-old", t0_);
  const Job dead_old = AddJob("summary", "dead-old", t0_ + 1, 1);
  const Job done_new = AddJob("summary", "done-new", t0_ + 2);
  const Job queued = AddJob("summary", "queued", t0_ + kLease * 100);
  const Job running = AddJob("summary", "running", t0_ + 3);
  auto claimed = ClaimAll("w1", t0_ + 10);
  ASSERT_EQ(claimed.size(), 4u);
  Must(jobs().Complete(done_old.id, "w1", t0_ + 20));
  Must(jobs().Fail(dead_old.id, "w1", "no", t0_ + 20, t0_));
  Must(jobs().Complete(done_new.id, "w1", t0_ + 40));

  EXPECT_EQ(Must(jobs().Purge(std::nullopt, t0_ + 30)), 2);
  EXPECT_THAT(JobIds(Must(jobs().List({}))), ElementsAre(running.id, queued.id, done_new.id));
  EXPECT_EQ(Must(jobs().Purge(std::nullopt, t0_ + 30)), 0);
}

TEST_P(JobStoreContract, PurgeOfOneStateLeavesTheOther) {
  const Job done = AddJob("summary", "done", t0_);
  const Job dead = AddJob("summary", "dead", t0_ + 1, 1);
  ClaimAll("w1", t0_ + 1);
  Must(jobs().Complete(done.id, "w1", t0_ + 2));
  Must(jobs().Fail(dead.id, "w1", "no", t0_ + 2, t0_));

  EXPECT_EQ(Must(jobs().Purge(JobState::kDead, t0_ + 3)), 1);
  EXPECT_THAT(JobIds(Must(jobs().List({}))), ElementsAre(done.id));
  EXPECT_EQ(Must(jobs().Purge(JobState::kDone, t0_ + 3)), 1);
  EXPECT_THAT(Must(jobs().List({})), IsEmpty());
}

TEST_P(JobStoreContract, PurgeRefusesQueuedAndRunningJobs) {
  AddJob("summary", "k", t0_);
  for (JobState state : {JobState::kQueued, JobState::kRunning}) {
    auto purged = jobs().Purge(state, t0_ + kLease * 100);
    ASSERT_FALSE(purged);
    EXPECT_EQ(purged.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(purged.error().field, "state");
  }
  EXPECT_EQ(Must(jobs().List({})).size(), 1u);
}

TEST_P(JobStoreContract, CountsGroupJobsByKindAndState) {
  EXPECT_THAT(Must(jobs().Counts()), IsEmpty());
  AddJob("summary", "a", t0_);
  AddJob("summary", "b", t0_);
  AddJob("summary", "c", t0_ + kLease * 100);
  AddJob("translation", "a", t0_ + kLease * 100);
  ClaimAll("w1", t0_, 2, {"summary"});

  std::vector<std::tuple<std::string, JobState, std::int64_t>> counts;
  for (const auto& c : Must(jobs().Counts())) counts.emplace_back(c.kind, c.state, c.count);
  EXPECT_THAT(counts, UnorderedElementsAre(std::make_tuple("summary", JobState::kQueued, 1),
                                           std::make_tuple("summary", JobState::kRunning, 2),
                                           std::make_tuple("translation", JobState::kQueued, 1)));
}

TEST_P(JobStoreContract, ListFiltersByStateAndKindNewestFirst) {
  const Job s1 = AddJob("summary", "1", t0_);
  const Job t1 = AddJob("translation", "1", t0_);
  const Job s2 = AddJob("summary", "2", t0_ + kLease * 100);
  const Job t2 = AddJob("translation", "2", t0_ + kLease * 100);
  ClaimAll("w1", t0_);  // s1 and t1 run

  EXPECT_THAT(JobIds(Must(jobs().List({}))), ElementsAre(t2.id, s2.id, t1.id, s1.id));
  JobFilter running;
  running.state = JobState::kRunning;
  EXPECT_THAT(JobIds(Must(jobs().List(running))), ElementsAre(t1.id, s1.id));
  JobFilter summaries;
  summaries.kind = "summary";
  EXPECT_THAT(JobIds(Must(jobs().List(summaries))), ElementsAre(s2.id, s1.id));
  JobFilter queued_translations;
  queued_translations.state = JobState::kQueued;
  queued_translations.kind = "translation";
  EXPECT_THAT(JobIds(Must(jobs().List(queued_translations))), ElementsAre(t2.id));
  JobFilter none;
  none.state = JobState::kDead;
  EXPECT_THAT(Must(jobs().List(none)), IsEmpty());
}

TEST_P(JobStoreContract, ListPagesWithBeforeId) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(AddJob("summary", std::to_string(i), t0_).id);
  JobFilter page;
  page.limit = 2;
  const auto first = Must(jobs().List(page));
  EXPECT_THAT(JobIds(first), ElementsAre(ids[4], ids[3]));
  page.before_id = first.back().id;
  const auto second = Must(jobs().List(page));
  EXPECT_THAT(JobIds(second), ElementsAre(ids[2], ids[1]));
  page.before_id = second.back().id;
  EXPECT_THAT(JobIds(Must(jobs().List(page))), ElementsAre(ids[0]));
}

TEST_P(JobStoreContract, ListRefusesABadLimitOrKind) {
  for (int limit : {0, -1, 1001}) {
    JobFilter filter;
    filter.limit = limit;
    auto listed = jobs().List(filter);
    ASSERT_FALSE(listed) << limit;
    EXPECT_EQ(listed.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(listed.error().field, "limit");
  }
  JobFilter filter;
  filter.kind = "bad\xc3";
  auto listed = jobs().List(filter);
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(listed.error().field, "kind");
}

TEST_P(JobStoreContract, GetOfAnUnknownJobIsNotFound) {
  auto got = jobs().Get(4242);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::kNotFound);
}

// --- Jobs enqueued by post writes ----------------------------------------------------------

TEST_P(JobStoreContract, CreatingAPostEnqueuesItsRevisionJobs) {
  const User alice = AddUser("alice");
  NewPost input = MakePost(alice.id, "Why $BTC");
  input.jobs = {{"summary", 4}, {"translation", 5}};
  const Post post = Must(posts().Create(input));
  const std::string key = "post:" + std::to_string(post.id) + ":1";

  const auto all = Must(jobs().List({}));
  ASSERT_EQ(all.size(), 2u);
  const Job& summary = all[1];
  EXPECT_EQ(summary.kind, "summary");
  EXPECT_EQ(summary.dedupe_key, key);
  EXPECT_EQ(summary.payload, key);
  EXPECT_EQ(summary.state, JobState::kQueued);
  EXPECT_EQ(summary.max_attempts, 4);
  EXPECT_EQ(summary.run_after, input.created_at);
  EXPECT_EQ(summary.created_at, input.created_at);
  EXPECT_EQ(summary.updated_at, input.created_at);
  EXPECT_EQ(all[0].kind, "translation");
  EXPECT_EQ(all[0].dedupe_key, key);
  EXPECT_EQ(all[0].max_attempts, 5);
}

TEST_P(JobStoreContract, EditingAPostEnqueuesJobsForTheNewRevision) {
  const User alice = AddUser("alice");
  NewPost input = MakePost(alice.id, "First");
  input.jobs = {{"summary", 5}};
  const Post post = Must(posts().Create(input));

  PostEdit edit;
  edit.post_id = post.id;
  edit.expected_revision = 1;
  edit.content = Content("Second");
  edit.edited_at = input.created_at + 10;
  edit.jobs = {{"summary", 5}};
  Must(posts().Edit(edit));

  EXPECT_THAT(Keys(Must(jobs().List({}))), ElementsAre("post:" + std::to_string(post.id) + ":2",
                                                       "post:" + std::to_string(post.id) + ":1"));
  EXPECT_EQ(Must(jobs().List({})).front().run_after, input.created_at + 10);
}

TEST_P(JobStoreContract, APostWriteThatFailsEnqueuesNothing) {
  const User alice = AddUser("alice");
  NewPost orphan = MakePost(424242, "Orphan");
  orphan.jobs = {{"summary", 5}};
  ASSERT_FALSE(posts().Create(orphan));

  NewPost input = MakePost(alice.id, "First");
  const Post post = Must(posts().Create(input));
  PostEdit stale;
  stale.post_id = post.id;
  stale.expected_revision = 7;
  stale.content = Content("Stale");
  stale.edited_at = input.created_at + 10;
  stale.jobs = {{"summary", 5}};
  ASSERT_FALSE(posts().Edit(stale));

  EXPECT_THAT(Must(jobs().List({})), IsEmpty());
}

TEST_P(JobStoreContract, APostWriteWithABadJobStoresNeitherPostNorJobs) {
  const User alice = AddUser("alice");
  NewPost input = MakePost(alice.id, "First");
  input.jobs = {{"summary", 5}, {"", 5}};
  auto empty_kind = posts().Create(input);
  ASSERT_FALSE(empty_kind);
  EXPECT_EQ(empty_kind.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(empty_kind.error().field, "jobs");

  input.jobs = {{"summary\xff", 5}};
  auto bad_kind = posts().Create(input);
  ASSERT_FALSE(bad_kind);
  EXPECT_EQ(bad_kind.error().code, Errc::kInvalidArgument);

  input.jobs = {{"summary", 0}};
  auto no_attempts = posts().Create(input);
  ASSERT_FALSE(no_attempts);
  EXPECT_EQ(no_attempts.error().code, Errc::kInvalidArgument);

  EXPECT_EQ(Must(posts().Count()), 0);
  EXPECT_THAT(Must(jobs().List({})), IsEmpty());
}

// --- Recurring jobs ---

constexpr std::int64_t kHourUs = 3600 * kMicrosPerSecond;

NewRecurring Hourly(const std::string& kind = "tick") { return NewRecurring{kind, kHourUs, 3}; }

TEST_P(JobStoreContract, EnqueueRecurringEnqueuesTheCurrentPeriodOnce) {
  ManualClock clock(1'000 * kHourUs + 25 * 60 * kMicrosPerSecond);  // 25 min into an hour
  const Timestamp start = 1'000 * kHourUs;
  auto first = Must(jobs().EnqueueRecurring(Hourly(), clock.Now()));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->kind, "tick");
  EXPECT_EQ(first->dedupe_key, "recurring:tick:" + std::to_string(start));
  EXPECT_EQ(first->payload, std::to_string(start));
  EXPECT_EQ(first->run_after, start);
  EXPECT_EQ(first->max_attempts, 3);
  EXPECT_EQ(first->state, JobState::kQueued);

  // Later in the same period, from this store or another one on the same database: nothing.
  clock.Advance(std::chrono::minutes(30));
  EXPECT_FALSE(Must(jobs().EnqueueRecurring(Hourly(), clock.Now())));
  auto other = Must(db_->Open());
  EXPECT_FALSE(Must(other->jobs().EnqueueRecurring(Hourly(), clock.Now())));
  // Even once the period's job is done and purged (its dedupe key free again).
  Job claimed = ClaimOne("w", clock.Now());
  Must(jobs().Complete(claimed.id, "w", clock.Now()));
  EXPECT_EQ(Must(jobs().Purge(JobState::kDone, clock.Now() + 1)), 1);
  EXPECT_FALSE(Must(other->jobs().EnqueueRecurring(Hourly(), clock.Now())));

  // The next period is enqueued once, whoever asks first.
  clock.Advance(std::chrono::minutes(5));  // 1 h since the first
  auto next = Must(other->jobs().EnqueueRecurring(Hourly(), clock.Now()));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->run_after, start + kHourUs);
  EXPECT_FALSE(Must(jobs().EnqueueRecurring(Hourly(), clock.Now())));
  EXPECT_THAT(Must(jobs().List({})), ::testing::SizeIs(1));
}

TEST_P(JobStoreContract, EnqueueRecurringSkipsMissedPeriods) {
  const Timestamp t = 500 * kHourUs;
  ASSERT_TRUE(Must(jobs().EnqueueRecurring(Hourly(), t)));
  // Ten hours of downtime: only the current period's job, none for the nine in between.
  auto late = Must(jobs().EnqueueRecurring(Hourly(), t + 10 * kHourUs + 7));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->run_after, t + 10 * kHourUs);
  EXPECT_THAT(Must(jobs().List({})), ::testing::SizeIs(2));
  // A clock that went back does not enqueue an earlier period again.
  EXPECT_FALSE(Must(jobs().EnqueueRecurring(Hourly(), t + 3 * kHourUs)));
}

TEST_P(JobStoreContract, EnqueueRecurringConcurrentCallersEnqueueOnce) {
  constexpr int kCallers = 4;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kCallers; ++i) stores.push_back(Must(db_->Open()));
  for (int period = 0; period < 5; ++period) {
    const Timestamp now = (700 + period) * kHourUs + 1;
    std::atomic<int> enqueued{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kCallers; ++i) {
      threads.emplace_back([&, i] {
        auto job = stores[static_cast<std::size_t>(i)]->jobs().EnqueueRecurring(Hourly(), now);
        if (!job) {
          ++failed;
        } else if (*job) {
          ++enqueued;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(enqueued.load(), 1) << "period " << period;
  }
  EXPECT_THAT(Must(jobs().List({})), ::testing::SizeIs(5));
}

TEST_P(JobStoreContract, EnqueueRecurringRefusesBadInput) {
  for (const NewRecurring& bad : {NewRecurring{"", kHourUs, 3}, NewRecurring{"t\xff", kHourUs, 3},
                                  NewRecurring{"t", 0, 3}, NewRecurring{"t", kHourUs, 0}}) {
    auto job = jobs().EnqueueRecurring(bad, kHourUs);
    ASSERT_FALSE(job);
    EXPECT_EQ(job.error().code, Errc::kInvalidArgument);
  }
  EXPECT_FALSE(jobs().EnqueueRecurring(Hourly(), -1));
  EXPECT_THAT(Must(jobs().ListRecurring()), IsEmpty());
}

TEST_P(JobStoreContract, ListRecurringShowsTheLatestPeriodAndItsJob) {
  EXPECT_THAT(Must(jobs().ListRecurring()), IsEmpty());
  const Timestamp t = 900 * kHourUs + 5;
  auto job = Must(jobs().EnqueueRecurring(Hourly("b"), t));
  ASSERT_TRUE(job);
  Must(jobs().EnqueueRecurring(NewRecurring{"a", 60 * kMicrosPerSecond, 3}, t));
  auto list = Must(jobs().ListRecurring());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].kind, "a");
  EXPECT_EQ(list[0].period_us, 60 * kMicrosPerSecond);
  EXPECT_EQ(list[1].kind, "b");
  EXPECT_EQ(list[1].period_us, kHourUs);
  EXPECT_EQ(list[1].period_start, 900 * kHourUs);
  EXPECT_EQ(list[1].job_id, job->id);
  EXPECT_EQ(list[1].job_state, JobState::kQueued);

  Must(jobs().Claim("w", {"b"}, 1, t, kLease));
  Must(jobs().Complete(job->id, "w", t + 9));
  list = Must(jobs().ListRecurring());
  EXPECT_EQ(list[1].job_state, JobState::kDone);
  EXPECT_EQ(list[1].job_updated_at, t + 9);
  Must(jobs().Purge(JobState::kDone, t + 10));
  list = Must(jobs().ListRecurring());
  EXPECT_EQ(list[1].period_start, 900 * kHourUs);
  EXPECT_FALSE(list[1].job_state);

  // A new period (a period changed by the configuration included) is recorded.
  Must(jobs().EnqueueRecurring(NewRecurring{"b", 2 * kHourUs, 3}, t + 2 * kHourUs));
  list = Must(jobs().ListRecurring());
  EXPECT_EQ(list[1].period_us, 2 * kHourUs);
  EXPECT_EQ(list[1].period_start, 902 * kHourUs);
  EXPECT_EQ(list[1].job_state, JobState::kQueued);
}

// Two runners, each on its own connection to the same database (two instances), tick through
// the periods of a recurring kind: it runs once per period, and once only after a long pause.
TEST_P(JobStoreContract, TwoRunnersRunARecurringKindOncePerPeriod) {
  ManualClock clock(800 * kHourUs);
  auto other = Must(db_->Open());
  std::vector<Timestamp> runs;  // the period (payload) of each run
  std::mutex mu;
  auto make = [&](JobStore& store, const std::string& owner) {
    jobs::RunnerOptions options;
    options.owner = owner;
    options.seed = 1;
    auto runner = std::make_unique<jobs::JobRunner>(store, clock, nullptr, options);
    Must(runner->RegisterRecurring(
        jobs::JobKind{.kind = "tick",
                      .run = [&](const Job& job, const JobTicket&) -> Result<jobs::Completion> {
                        std::lock_guard lock(mu);
                        runs.push_back(std::stoll(job.payload));
                        return jobs::Completion::kDone;
                      },
                      .on_dead = {}},
        3600));
    return runner;
  };
  auto a = make(jobs(), "a");
  auto b = make(other->jobs(), "b");
  for (int step = 0; step < 12; ++step) {  // every 20 minutes for 4 hours
    Must(a->RunPending());
    Must(b->RunPending());
    clock.Advance(std::chrono::minutes(20));
  }
  EXPECT_THAT(runs, ElementsAre(800 * kHourUs, 801 * kHourUs, 802 * kHourUs, 803 * kHourUs));

  // Both stopped for 50 hours: one run for the current period, no burst for the missed ones.
  runs.clear();
  clock.Advance(std::chrono::hours(50));
  EXPECT_EQ(Must(b->RunPending()), 1);
  EXPECT_EQ(Must(a->RunPending()), 0);
  EXPECT_THAT(runs, ElementsAre(854 * kHourUs));
  EXPECT_EQ(Must(jobs().ListRecurring()).front().job_state, JobState::kDone);
}

TEST_P(JobStoreContract, PurgeRemovesExactlyTheOldFinishedJobs) {
  const jobs::PurgeOptions options{
      .every_s = 3600, .done_after_s = 86'400, .dead_after_s = 7 * 86'400};
  const Timestamp day = 86'400 * kMicrosPerSecond;
  const Timestamp now = 100 * day;
  // Finishes a job at `at` in `state` (done, or dead after its only attempt).
  auto finish = [&](const std::string& key, JobState state, Timestamp at) {
    Job job = AddJob("k", key, 0, 1);
    Job claimed = Must(jobs().Claim("w", {"k"}, 1, at, kLease)).at(0);
    EXPECT_EQ(claimed.id, job.id);
    if (state == JobState::kDone) {
      Must(jobs().Complete(job.id, "w", at));
    } else {
      EXPECT_EQ(Must(jobs().Fail(job.id, "w", "boom", at, at)), JobState::kDead);
    }
    return job.id;
  };
  finish("done-old", JobState::kDone, now - day - 1);
  const auto done_new = finish("done-new", JobState::kDone, now - day);
  finish("dead-old", JobState::kDead, now - 7 * day - 1);
  const auto dead_mid = finish("dead-mid", JobState::kDead, now - 2 * day);
  const auto running = AddJob("k", "running-old", 0).id;
  Must(jobs().Claim("w", {"k"}, 1, 1, kLease));  // long ago: running, its lease expired
  const auto queued = AddJob("k", "queued-old", 0).id;

  EXPECT_EQ(Must(jobs::PurgeFinished(jobs(), options, now)), 2);
  std::set<std::int64_t> left;
  for (const Job& job : Must(jobs().List({}))) left.insert(job.id);
  EXPECT_EQ(left, (std::set<std::int64_t>{done_new, dead_mid, queued, running}));
  // The purged keys are free again.
  EXPECT_TRUE(Must(jobs().Enqueue(MakeJob("k", "done-old", 0), now)).created);
  EXPECT_FALSE(Must(jobs().Enqueue(MakeJob("k", "done-new", 0), now)).created);
}

PLAZA_STORE_CONTRACT(JobStoreContract);

}  // namespace
}  // namespace plaza::storage_test
