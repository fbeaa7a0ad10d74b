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
#include "module_world.hpp"
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
    w_.registry.AddRevisionJob(RevisionJob{std::string(kSummaryJobKind), 3});
    ASSERT_TRUE(w_.Start());
    summaries_ = std::make_unique<SummaryJobs>(*w_.store, engine_, w_.clock,
                                               [this](const Summary& s) { stored_.push_back(s); });
    ASSERT_TRUE(w_.runner->Register(summaries_->Kind()).has_value());
  }

  Post Publish(const std::string& title) {
    return Must(
        w_.posts->Create(w_.author, PostInput{title, std::string(kBody), std::string("en")}));
  }
  SummaryView ViewFor(std::int64_t id) { return Must(w_.posts->Read(id)).summary; }

  module_testing::ModuleWorld w_;
  ScriptedEngine engine_;
  std::vector<Summary> stored_;
  std::unique_ptr<SummaryJobs> summaries_;
};

TEST_F(SummaryJobsTest, PublishingQueuesAJobAndItsSummaryBecomesReady) {
  const Post post = Publish("Markets");
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kPending);
  EXPECT_EQ(Must(w_.runner->RunPending()), 1);
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
  EXPECT_EQ(Must(w_.runner->RunPending()), 0);
  auto done =
      Must(w_.store->jobs().List(JobFilter{JobState::kDone, std::nullopt, std::nullopt, 10}));
  EXPECT_EQ(done.size(), 1u);
}

TEST_F(SummaryJobsTest, AnEditShowsTheOldSummaryAsUpdatingUntilItsOwnIsReady) {
  const Post post = Publish("Markets");
  Must(w_.runner->RunPending());
  const Post edited =
      Must(w_.posts->Edit(w_.author, post.id, 1, PostInput{std::string("Markets, later"), {}, {}}));
  const SummaryView updating = ViewFor(post.id);
  EXPECT_EQ(updating.state, SummaryState::kUpdating);
  EXPECT_EQ(updating.revision, 1);
  EXPECT_EQ(Must(w_.runner->RunPending()), 1);
  const SummaryView ready = ViewFor(post.id);
  EXPECT_EQ(ready.state, SummaryState::kReady);
  EXPECT_EQ(ready.revision, edited.revision);
  EXPECT_EQ(ready.text, "First sentence of Markets, later.\nSecond sentence.");
}

TEST_F(SummaryJobsTest, AJobForASupersededRevisionDoesNoWork) {
  const Post post = Publish("Markets");
  Must(w_.posts->Edit(w_.author, post.id, 1, PostInput{std::string("Newer"), {}, {}}));
  EXPECT_EQ(Must(w_.runner->RunPending()), 2);
  EXPECT_EQ(engine_.calls.load(), 1);  // only revision 2 was summarized
  EXPECT_EQ(ViewFor(post.id).text, "First sentence of Newer.\nSecond sentence.");
}

TEST_F(SummaryJobsTest, ShortTextsGetNoSummaryAndTheBoxIsHidden) {
  engine_.no_summary = true;
  const Post post = Publish("Short");
  Must(w_.runner->RunPending());
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kNone);
}

TEST_F(SummaryJobsTest, FailuresAreRetriedWithBackoffThenMarkedFailed) {
  engine_.fail = true;
  const Post post = Publish("Markets");
  EXPECT_EQ(Must(w_.runner->RunPending()), 1);
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kPending);  // waiting for its retry
  EXPECT_EQ(Must(w_.runner->RunPending()), 0);                // not before the backoff
  for (int attempt = 2; attempt <= 3; ++attempt) {
    w_.clock.Advance(std::chrono::hours(1));
    EXPECT_EQ(Must(w_.runner->RunPending()), 1) << "attempt " << attempt;
  }
  EXPECT_EQ(engine_.calls.load(), 3);
  EXPECT_EQ(ViewFor(post.id).state, SummaryState::kFailed);
  ASSERT_EQ(stored_.size(), 1u);
  EXPECT_EQ(stored_[0].status, SummaryStatus::kFailed);
  w_.clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(Must(w_.runner->RunPending()), 0);  // dead jobs stay dead
}

TEST_F(SummaryJobsTest, DeletingAPostDeletesItsSummariesAndSkipsItsJob) {
  const Post first = Publish("Kept");
  Must(w_.runner->RunPending());
  const Post second = Publish("Deleted");
  ASSERT_TRUE(w_.posts->Delete(w_.author, first.id).has_value());
  EXPECT_TRUE(Must(w_.store->summaries().ForPost(first.id)).empty());
  ASSERT_TRUE(w_.posts->Delete(w_.author, second.id).has_value());
  EXPECT_EQ(Must(w_.runner->RunPending()), 1);
  EXPECT_EQ(engine_.calls.load(), 1);  // the deleted post's job completed without work
  EXPECT_TRUE(Must(w_.store->summaries().ForPost(second.id)).empty());
}

TEST_F(SummaryJobsTest, WithSummariesOffNoBoxWaitsForever) {
  Posts without(*w_.store, w_.clock, w_.post_limiter);  // no summary job among its revision jobs
  EXPECT_EQ(without.SummaryOfNewPost().state, SummaryState::kNone);
  EXPECT_EQ(w_.posts->SummaryOfNewPost().state, SummaryState::kPending);
  const Post post =
      Must(without.Create(w_.author, PostInput{std::string("Quiet"), std::string(kBody), {}}));
  EXPECT_EQ(Must(without.Read(post.id)).summary.state, SummaryState::kNone);
  EXPECT_EQ(Must(w_.runner->RunPending()), 0);  // and no job was queued
}

}  // namespace
}  // namespace plaza::summarize
