// The summary lifecycle: what a reader is shown (ViewOf), and the "summary" job run by the real
// job runner against a real SQLite file. The engine is a scripted Summarizer: these tests are
// about the lifecycle, the engines have tests of their own.

#include "summarize/summaries.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "jobs/job_runner.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"

namespace plaza::summarize {
namespace {

using storage_test::Must;

Summary Stored(int revision, SummaryStatus status, std::string text = {}) {
  Summary s;
  s.post_id = 1;
  s.revision = revision;
  s.status = status;
  s.text = std::move(text);
  s.lang = "en";
  s.engine = "extractive";
  return s;
}

TEST(SummaryView, PendingWhenNothingIsStored) {
  const SummaryView view = ViewOf(1, {});
  EXPECT_EQ(view.state, SummaryState::kPending);
  EXPECT_EQ(view.text, "");
}

TEST(SummaryView, ReadyWithTheCurrentRevisionsText) {
  const SummaryView view =
      ViewOf(2, {Stored(1, SummaryStatus::kReady, "old"), Stored(2, SummaryStatus::kReady, "new")});
  EXPECT_EQ(view.state, SummaryState::kReady);
  EXPECT_EQ(view.text, "new");
  EXPECT_EQ(view.revision, 2);
}

TEST(SummaryView, UpdatingShowsTheNewestOlderSummary) {
  const SummaryView view = ViewOf(
      3, {Stored(1, SummaryStatus::kReady, "first"), Stored(2, SummaryStatus::kReady, "second")});
  EXPECT_EQ(view.state, SummaryState::kUpdating);
  EXPECT_EQ(view.text, "second");
  EXPECT_EQ(view.revision, 2);
}

TEST(SummaryView, OlderFailuresDoNotCountAsSummaries) {
  EXPECT_EQ(ViewOf(2, {Stored(1, SummaryStatus::kFailed)}).state, SummaryState::kPending);
}

TEST(SummaryView, NoneAndFailedForTheCurrentRevision) {
  EXPECT_EQ(
      ViewOf(2, {Stored(1, SummaryStatus::kReady, "x"), Stored(2, SummaryStatus::kNone)}).state,
      SummaryState::kNone);
  EXPECT_EQ(ViewOf(1, {Stored(1, SummaryStatus::kFailed)}).state, SummaryState::kFailed);
}

TEST(RevisionKey, ParsesIdAndRevision) {
  auto key = ParseRevisionKey("post:42:7");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->first, 42);
  EXPECT_EQ(key->second, 7);
}

TEST(RevisionKey, RejectsMalformedKeys) {
  for (const char* bad : {"", "post:", "post:1", "post:1:", "post:x:1", "post:1:0", "post:-1:2",
                          "post:1:2:3", "user:1:2", "post:1:99999999999999999999"}) {
    EXPECT_FALSE(ParseRevisionKey(bad).has_value()) << bad;
  }
}

// An engine whose answers the test scripts.
class ScriptedEngine : public Summarizer {
 public:
  std::string Name() const override { return "extractive"; }
  Result<std::optional<SummaryOutput>> Summarize(const SummaryRequest& request) override {
    ++calls;
    last_request = request;
    if (fail) return Fail(Errc::kUnavailable, "engine down");
    if (no_summary) return std::optional<SummaryOutput>();
    return std::optional<SummaryOutput>(
        SummaryOutput{{"First sentence of " + request.title + ".", "Second sentence."},
                      request.lang,
                      "extractive"});
  }

  std::atomic<int> calls{0};
  SummaryRequest last_request;
  bool fail = false;
  bool no_summary = false;
};

constexpr char kBody[] =
    "## Heading\n\nThe **market** moved [a lot](https://example.org) today.\n\n```\ncode()\n```\n";

class SummaryJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    author_ = Must(store_->users().Create(
        NewUser{"author", "Author", "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
    posts_.emplace(*store_, clock_, limiter_, nullptr,
                   std::vector<RevisionJob>{{std::string(kSummaryJobKind), 3}});
    jobs::RunnerOptions options;
    options.owner = "test-runner";
    options.seed = 1;
    runner_ = std::make_unique<jobs::JobRunner>(store_->jobs(), clock_, nullptr, options);
    summaries_ = std::make_unique<SummaryJobs>(*store_, engine_, clock_,
                                               [this](const Summary& s) { stored_.push_back(s); });
    ASSERT_TRUE(runner_->Register(summaries_->Kind()).has_value());
  }

  Post Publish(const std::string& title) {
    return Must(posts_->Create(author_, PostInput{title, std::string(kBody), std::string("en")}));
  }
  SummaryView ViewFor(std::int64_t id) { return Must(posts_->Read(id)).summary; }

  ManualClock clock_;
  InMemoryRateLimiter limiter_{clock_, RateLimit{1000, 60}};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  User author_;
  std::optional<Posts> posts_;
  ScriptedEngine engine_;
  std::vector<Summary> stored_;
  std::unique_ptr<SummaryJobs> summaries_;
  std::unique_ptr<jobs::JobRunner> runner_;
};

TEST_F(SummaryJobsTest, PublishingQueuesAJobAndItsSummaryBecomesReady) {
  const Post post = Publish("Markets");
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kPending);
  EXPECT_EQ(Must(runner_->RunPending()), 1);
  const SummaryView view = ViewFor(post.id);
  EXPECT_EQ(view.state, SummaryState::kReady);
  EXPECT_EQ(view.text, "First sentence of Markets.\nSecond sentence.");
  EXPECT_EQ(view.engine, "extractive");
  EXPECT_EQ(view.lang, "en");
  ASSERT_EQ(stored_.size(), 1u);
  EXPECT_EQ(stored_[0].post_id, post.id);
  // The engine reads prose: Markdown syntax, link targets and code are gone.
  EXPECT_EQ(engine_.last_request.body.find("**"), std::string::npos);
  EXPECT_EQ(engine_.last_request.body.find("example.org"), std::string::npos);
  EXPECT_EQ(engine_.last_request.body.find("code()"), std::string::npos);
  EXPECT_NE(engine_.last_request.body.find("market"), std::string::npos);
  // Completed in the summary's transaction: nothing is left to claim.
  EXPECT_EQ(Must(runner_->RunPending()), 0);
  auto done = Must(store_->jobs().List(JobFilter{JobState::kDone, std::nullopt, std::nullopt, 10}));
  EXPECT_EQ(done.size(), 1u);
}

TEST_F(SummaryJobsTest, AnEditShowsTheOldSummaryAsUpdatingUntilItsOwnIsReady) {
  const Post post = Publish("Markets");
  Must(runner_->RunPending());
  const Post edited =
      Must(posts_->Edit(author_, post.id, 1, PostInput{std::string("Markets, later"), {}, {}}));
  const SummaryView updating = ViewFor(post.id);
  EXPECT_EQ(updating.state, SummaryState::kUpdating);
  EXPECT_EQ(updating.revision, 1);
  EXPECT_EQ(Must(runner_->RunPending()), 1);
  const SummaryView ready = ViewFor(post.id);
  EXPECT_EQ(ready.state, SummaryState::kReady);
  EXPECT_EQ(ready.revision, edited.revision);
  EXPECT_EQ(ready.text, "First sentence of Markets, later.\nSecond sentence.");
}

TEST_F(SummaryJobsTest, AJobForASupersededRevisionDoesNoWork) {
  const Post post = Publish("Markets");
  Must(posts_->Edit(author_, post.id, 1, PostInput{std::string("Newer"), {}, {}}));
  EXPECT_EQ(Must(runner_->RunPending()), 2);
  EXPECT_EQ(engine_.calls.load(), 1);  // only revision 2 was summarized
  EXPECT_EQ(ViewFor(post.id).text, "First sentence of Newer.\nSecond sentence.");
}

TEST_F(SummaryJobsTest, ShortTextsGetNoSummaryAndTheBoxIsHidden) {
  engine_.no_summary = true;
  const Post post = Publish("Short");
  Must(runner_->RunPending());
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kNone);
}

TEST_F(SummaryJobsTest, FailuresAreRetriedWithBackoffThenMarkedFailed) {
  engine_.fail = true;
  const Post post = Publish("Markets");
  EXPECT_EQ(Must(runner_->RunPending()), 1);
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kPending);  // waiting for its retry
  EXPECT_EQ(Must(runner_->RunPending()), 0);                  // not before the backoff
  for (int attempt = 2; attempt <= 3; ++attempt) {
    clock_.Advance(std::chrono::hours(1));
    EXPECT_EQ(Must(runner_->RunPending()), 1) << "attempt " << attempt;
  }
  EXPECT_EQ(engine_.calls.load(), 3);
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kFailed);
  ASSERT_EQ(stored_.size(), 1u);
  EXPECT_EQ(stored_[0].status, SummaryStatus::kFailed);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(Must(runner_->RunPending()), 0);  // dead jobs stay dead
}

TEST_F(SummaryJobsTest, DeletingAPostDeletesItsSummariesAndSkipsItsJob) {
  const Post first = Publish("Kept");
  Must(runner_->RunPending());
  const Post second = Publish("Deleted");
  ASSERT_TRUE(posts_->Delete(author_, first.id).has_value());
  EXPECT_TRUE(Must(store_->summaries().ForPost(first.id)).empty());
  ASSERT_TRUE(posts_->Delete(author_, second.id).has_value());
  EXPECT_EQ(Must(runner_->RunPending()), 1);
  EXPECT_EQ(engine_.calls.load(), 1);  // the deleted post's job completed without work
  EXPECT_TRUE(Must(store_->summaries().ForPost(second.id)).empty());
}

TEST_F(SummaryJobsTest, WithSummariesOffNoBoxWaitsForever) {
  Posts without(*store_, clock_, limiter_);  // no summary job among its revision jobs
  EXPECT_EQ(without.SummaryOfNewPost().state, SummaryState::kNone);
  EXPECT_EQ(posts_->SummaryOfNewPost().state, SummaryState::kPending);
  const Post post =
      Must(without.Create(author_, PostInput{std::string("Quiet"), std::string(kBody), {}}));
  EXPECT_EQ(Must(without.Read(post.id)).summary.state, SummaryState::kNone);
  EXPECT_EQ(Must(runner_->RunPending()), 0);  // and no job was queued
}

}  // namespace
}  // namespace plaza::summarize
