// `plaza jobs`: the built binary run against a SQLite file this test fills, plus the pure parts
// of the command (ages, runner options from config) in-process.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/jobs_command.hpp"
#include "core/clock.hpp"
#include "scratch_database.hpp"

namespace plaza {
namespace {

using storage_test::Must;

struct Output {
  int code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

class JobsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    JobStore& jobs = store_->jobs();
    // Long ago (the ManualClock's 2023): one done and one dead job.
    done_old_ = Enqueue("summary", "a", 5, old_.Now());
    Claim(old_.Now());
    Must(jobs.Complete(done_old_, "w", old_.Now()));
    dead_old_ = Enqueue("summary", "b", 1, old_.Now());
    Claim(old_.Now());
    Must(jobs.Fail(dead_old_, "w", "engine \x1b[31mred\x1b[0m\nsecond line", old_.Now(),
                   old_.Now()));
    // Now: a queued job of another kind and a dead job.
    queued_ = Enqueue("translation", "c", 5, real_.Now() + 3'600 * kMicrosPerSecond);
    dead_new_ = Enqueue("summary", "d", 1, real_.Now());
    Claim(real_.Now());
    Must(jobs.Fail(dead_new_, "w", "HTTP 503", real_.Now(), real_.Now()));
  }

  std::int64_t Enqueue(const std::string& kind, const std::string& key, int max_attempts,
                       Timestamp at) {
    return Must(store_->jobs().Enqueue(NewJob{kind, key, "", max_attempts, at}, at)).job.id;
  }

  void Claim(Timestamp at) {
    ASSERT_EQ(Must(store_->jobs().Claim("w", {"summary"}, 1, at, 60 * kMicrosPerSecond)).size(),
              1u);
  }

  Output Run(const std::vector<std::string>& args, bool with_storage = true) {
    std::string command = Quote(PLAZA_BIN);
    for (const auto& arg : args) command += " " + Quote(arg);
    if (with_storage) command += " --storage " + Quote("sqlite:" + db_->location());
    std::string err_path = db_->dir() + "/stderr.txt";
    command += " 2>" + Quote(err_path);
    Output output;
    std::FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "cannot run " << command;
      return output;
    }
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      output.out.append(buffer, n);
    }
    int status = pclose(pipe);
    output.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path);
    output.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
    return output;
  }

  std::optional<Job> Find(std::int64_t id) {
    auto job = store_->jobs().Get(id);
    if (!job) return std::nullopt;
    return *job;
  }

  ManualClock old_;
  SystemClock real_;
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  std::int64_t done_old_ = 0;
  std::int64_t dead_old_ = 0;
  std::int64_t queued_ = 0;
  std::int64_t dead_new_ = 0;
};

TEST_F(JobsCommandTest, ListShowsEveryJobNewestFirst) {
  Output r = Run({"jobs", "list"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_EQ(Words(lines[0]).front(), "ID");
  EXPECT_NE(lines[0].find("LAST ERROR"), std::string::npos);
  EXPECT_EQ(Words(lines[1]).front(), std::to_string(dead_new_));
  EXPECT_EQ(Words(lines[2]).front(), std::to_string(queued_));
  EXPECT_EQ(Words(lines[3]).front(), std::to_string(dead_old_));
  EXPECT_EQ(Words(lines[4]).front(), std::to_string(done_old_));
  auto dead = Words(lines[1]);
  ASSERT_GE(dead.size(), 6u);
  EXPECT_EQ(dead[1], "summary");
  EXPECT_EQ(dead[2], "dead");
  EXPECT_EQ(dead[3], "1/1");
  EXPECT_NE(lines[1].find("HTTP 503"), std::string::npos);
  EXPECT_NE(lines[2].find(FormatRfc3339(Must(store_->jobs().Get(queued_)).run_after)),
            std::string::npos)
      << "run_after in RFC 3339";
}

TEST_F(JobsCommandTest, ListNeverPrintsControlCharactersFromErrors) {
  Output r = Run({"jobs", "list", "--state", "dead"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("red"), std::string::npos);
  EXPECT_EQ(Lines(r.out).size(), 3u) << "the newline inside the error does not split its row";
}

TEST_F(JobsCommandTest, ListFiltersByStateAndKind) {
  Output r = Run({"jobs", "list", "--state", "dead", "--kind=summary"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(Words(lines[1]).front(), std::to_string(dead_new_));
  EXPECT_EQ(Words(lines[2]).front(), std::to_string(dead_old_));

  Output none = Run({"jobs", "list", "--kind", "translation", "--state", "done"});
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_EQ(none.out, "no jobs\n");
}

TEST_F(JobsCommandTest, ListLimitPointsToTheNextPage) {
  Output r = Run({"jobs", "list", "--limit", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 3u);
  EXPECT_NE(r.err.find("--before " + std::to_string(queued_)), std::string::npos) << r.err;

  Output next = Run({"jobs", "list", "--before", std::to_string(queued_)});
  ASSERT_EQ(next.code, 0) << next.err;
  auto lines = Lines(next.out);
  ASSERT_EQ(lines.size(), 3u) << next.out;
  EXPECT_EQ(Words(lines[1]).front(), std::to_string(dead_old_));
}

TEST_F(JobsCommandTest, ListRejectsBadOptions) {
  Output state = Run({"jobs", "list", "--state", "sleeping"});
  EXPECT_EQ(state.code, 2);
  EXPECT_NE(state.err.find("unknown state"), std::string::npos) << state.err;
  EXPECT_EQ(Run({"jobs", "list", "--limit", "0"}).code, 2);
  EXPECT_EQ(Run({"jobs", "list", "--limit", "1001"}).code, 2);
  EXPECT_EQ(Run({"jobs", "list", "--bogus"}).code, 2);
  EXPECT_EQ(Run({"jobs", "list", "extra"}).code, 2);
}

TEST_F(JobsCommandTest, RecurringListsKindsWithTheirLastAndNextRun) {
  Output none = Run({"jobs", "recurring"});
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_EQ(none.out, "no recurring jobs\n");

  const Timestamp hour = 3'600 * kMicrosPerSecond;
  const Timestamp start = 480'000 * hour;  // 2024-10-04T00:00:00Z
  auto job = Must(store_->jobs().EnqueueRecurring(NewRecurring{"purge", hour, 3}, start + 5));
  ASSERT_TRUE(job);
  Must(store_->jobs().EnqueueRecurring(NewRecurring{"digest", 90 * kMicrosPerSecond, 3}, start));
  Must(store_->jobs().Claim("w", {"digest"}, 1, start, 60 * kMicrosPerSecond));
  Must(store_->jobs().Purge(std::nullopt, start + 1));  // nothing finished yet
  Output r = Run({"jobs", "recurring"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(Words(lines[0]), (std::vector<std::string>{"KIND", "EVERY", "LAST", "RUN", "STATE",
                                                       "JOB", "NEXT", "RUN"}));
  EXPECT_EQ(Words(lines[1])[0], "digest");
  EXPECT_EQ(Words(lines[1])[1], "90s");
  EXPECT_EQ(Words(lines[1])[3], "running");
  EXPECT_EQ(Words(lines[1])[5], "2024-10-04T00:01:30Z");
  EXPECT_EQ(Words(lines[2]),
            (std::vector<std::string>{"purge", "1h", "2024-10-04T00:00:00Z", "queued",
                                      std::to_string(job->id), "2024-10-04T01:00:00Z"}));
}

TEST_F(JobsCommandTest, CountsByKindAndState) {
  Output r = Run({"jobs", "counts"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(Words(lines[0]),
            (std::vector<std::string>{"KIND", "QUEUED", "RUNNING", "DONE", "DEAD"}));
  EXPECT_EQ(Words(lines[1]), (std::vector<std::string>{"summary", "0", "0", "1", "2"}));
  EXPECT_EQ(Words(lines[2]), (std::vector<std::string>{"translation", "1", "0", "0", "0"}));
}

TEST_F(JobsCommandTest, RetryQueuesADeadJobWithItsAttemptsReset) {
  Output r = Run({"jobs", "retry", std::to_string(dead_old_)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "job " + std::to_string(dead_old_) + " queued again\n");
  Job job = *Find(dead_old_);
  EXPECT_EQ(job.state, JobState::kQueued);
  EXPECT_EQ(job.attempts, 0);
}

TEST_F(JobsCommandTest, RetryOfAJobThatIsNotDeadFails) {
  Output r = Run({"jobs", "retry", std::to_string(queued_)});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("is queued, not dead"), std::string::npos) << r.err;
}

TEST_F(JobsCommandTest, RetryOfAMissingJobFails) {
  Output r = Run({"jobs", "retry", "99999"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no job 99999"), std::string::npos) << r.err;
}

TEST_F(JobsCommandTest, RetryDeadQueuesEveryDeadJobOfAKind) {
  Output other = Run({"jobs", "retry", "--dead", "--kind", "translation"});
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_EQ(other.out, "0 dead jobs queued again\n");

  Output r = Run({"jobs", "retry", "--dead", "--kind", "summary"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2 dead jobs queued again\n");
  EXPECT_EQ(Find(dead_old_)->state, JobState::kQueued);
  EXPECT_EQ(Find(dead_new_)->state, JobState::kQueued);
}

TEST_F(JobsCommandTest, RetryNeedsOneIdOrDead) {
  EXPECT_EQ(Run({"jobs", "retry"}).code, 2);
  EXPECT_EQ(Run({"jobs", "retry", "1", "--dead"}).code, 2);
  EXPECT_EQ(Run({"jobs", "retry", "1", "2"}).code, 2);
  EXPECT_EQ(Run({"jobs", "retry", "abc"}).code, 2);
  EXPECT_EQ(Run({"jobs", "retry", "1", "--kind", "summary"}).code, 2);
  EXPECT_EQ(Find(dead_old_)->state, JobState::kDead);
}

TEST_F(JobsCommandTest, PurgeDeletesFinishedJobsOlderThanSevenDaysByDefault) {
  Output r = Run({"jobs", "purge"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("2 done or dead jobs deleted", 0), 0u) << r.out;
  EXPECT_FALSE(Find(done_old_));
  EXPECT_FALSE(Find(dead_old_));
  EXPECT_TRUE(Find(dead_new_)) << "updated just now";
  EXPECT_TRUE(Find(queued_)) << "queued jobs are never purged";
}

TEST_F(JobsCommandTest, PurgeByStateAndAge) {
  Output r = Run({"jobs", "purge", "--state", "dead", "--older-than", "0s"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("2 dead jobs deleted", 0), 0u) << r.out;
  EXPECT_TRUE(Find(done_old_));
  EXPECT_FALSE(Find(dead_old_));
  EXPECT_FALSE(Find(dead_new_));
}

TEST_F(JobsCommandTest, PurgeRefusesUnfinishedStatesAndBadAges) {
  Output queued = Run({"jobs", "purge", "--state", "queued"});
  EXPECT_EQ(queued.code, 2);
  EXPECT_NE(queued.err.find("done or dead"), std::string::npos) << queued.err;
  Output age = Run({"jobs", "purge", "--older-than", "7"});
  EXPECT_EQ(age.code, 2);
  EXPECT_NE(age.err.find("45s, 30m, 12h or 7d"), std::string::npos) << age.err;
  EXPECT_TRUE(Find(done_old_));
}

TEST_F(JobsCommandTest, HelpAndUsage) {
  Output bare = Run({"jobs"}, false);
  EXPECT_EQ(bare.code, 2);
  EXPECT_NE(bare.err.find("usage: plaza jobs"), std::string::npos);
  Output help = Run({"jobs", "--help"}, false);
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("purge"), std::string::npos);
  Output list_help = Run({"jobs", "list", "--help"}, false);
  EXPECT_EQ(list_help.code, 0);
  EXPECT_NE(list_help.out.find("--state"), std::string::npos);
  EXPECT_NE(list_help.out.find("--storage"), std::string::npos);
  Output unknown = Run({"jobs", "frobnicate"}, false);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("unknown subcommand"), std::string::npos);
  Output top = Run({"--help"}, false);
  EXPECT_NE(top.out.find("jobs"), std::string::npos);
}

TEST_F(JobsCommandTest, UnreachableStoreIsAFailure) {
  std::string file = db_->dir() + "/not-a-directory";
  std::ofstream(file) << "x";
  Output r = Run({"jobs", "counts", "--storage", "sqlite:" + file + "/x.db"}, false);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("plaza jobs counts:"), std::string::npos) << r.err;
}

TEST(JobAge, ReadsAWholeNumberAndOneUnit) {
  EXPECT_EQ(*ParseJobAge("45s"), 45 * kMicrosPerSecond);
  EXPECT_EQ(*ParseJobAge("30m"), 30 * 60 * kMicrosPerSecond);
  EXPECT_EQ(*ParseJobAge("12h"), 12 * 3'600 * kMicrosPerSecond);
  EXPECT_EQ(*ParseJobAge("7d"), 7 * 86'400 * kMicrosPerSecond);
  EXPECT_EQ(*ParseJobAge("0s"), 0);
}

TEST(JobAge, RefusesAnythingElse) {
  for (const char* bad :
       {"", "7", "d", "-1d", "1.5h", "7w", "7 d", "99999999999999999999d", "36501d"}) {
    auto age = ParseJobAge(bad);
    ASSERT_FALSE(age) << bad;
    EXPECT_EQ(age.error().code, Errc::kInvalidArgument);
  }
}

TEST(JobsConfig, KeysSetTheRunnerOptions) {
  Config config;
  Must(SetConfigValue(config, "jobs.workers", "3"));
  Must(SetConfigValue(config, "jobs.claim_batch", "16"));
  Must(SetConfigValue(config, "jobs.lease_ms", "120000"));
  Must(SetConfigValue(config, "jobs.poll_ms", "250"));
  Must(SetConfigValue(config, "jobs.backoff_base_ms", "500"));
  Must(SetConfigValue(config, "jobs.backoff_max_ms", "60000"));
  Must(SetConfigValue(config, "jobs.max_attempts", "7"));
  const jobs::RunnerOptions& options = config.jobs;
  EXPECT_EQ(options.workers, 3);
  EXPECT_EQ(options.claim_batch, 16);
  EXPECT_EQ(options.lease_ms, 120'000);
  EXPECT_EQ(options.poll_ms, 250);
  EXPECT_EQ(options.backoff_base_ms, 500);
  EXPECT_EQ(options.backoff_max_ms, 60'000);
  EXPECT_EQ(config.jobs.max_attempts, 7);
}

TEST(JobsConfig, DefaultsMatchTheDocumentedOnes) {
  const Config defaults;
  const jobs::RunnerOptions& options = defaults.jobs;
  EXPECT_EQ(options.workers, 2);
  EXPECT_EQ(options.claim_batch, 8);
  EXPECT_EQ(options.lease_ms, 60'000);
  EXPECT_EQ(options.poll_ms, 1'000);
  EXPECT_EQ(options.backoff_base_ms, 2'000);
  EXPECT_EQ(options.backoff_max_ms, 600'000);
  EXPECT_EQ(defaults.jobs.max_attempts, 5);
}

TEST(JobsConfig, ZeroWorkersMeansAnInstanceThatOnlyServes) {
  Config config;
  EXPECT_TRUE(SetConfigValue(config, "jobs.workers", "0"));
  EXPECT_EQ(config.jobs.workers, 0);
}

TEST(JobsConfig, RefusesOutOfRangeValues) {
  Config config;
  EXPECT_FALSE(SetConfigValue(config, "jobs.workers", "-1"));
  EXPECT_FALSE(SetConfigValue(config, "jobs.workers", "65"));
  EXPECT_FALSE(SetConfigValue(config, "jobs.max_attempts", "0"));
  EXPECT_FALSE(SetConfigValue(config, "jobs.lease_ms", "10"));
  EXPECT_FALSE(SetConfigValue(config, "jobs.claim_batch", "1001"));
}

}  // namespace
}  // namespace plaza
