// Comment translation on demand (docs/translation.md, "Comments"), on SQLite and PostgreSQL
// (PLAZA_TEST_PG): the translations service's CommentViewFor and RequestComment over a real
// store, the "translate" job of part "comment" run by the real job runner, the stored row shared
// with any identical text, the per-address limit, the comment.translation event and the drop of
// the post's cached pages; with the scripted translation service (scripted_translator.hpp).

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "events/event_hub.hpp"
#include "module_world.hpp"
#include "scratch_database.hpp"
#include "scripted_translator.hpp"
#include "translation/module.hpp"

namespace plaza::translation {
namespace {

using storage_test::Must;

class CommentTranslation : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::unique_ptr<storage_test::ScratchDatabase> db;
    storage_test::MakeScratchDatabase(GetParam(), db);
    if (IsSkipped() || HasFatalFailure()) return;
    w_ = std::make_unique<module_testing::ModuleWorld>(std::move(db));
  }

  void Start(translate::TranslationOptions options = {}) {
    Register(
        w_->registry, options,
        [this]() -> Result<std::shared_ptr<translate::Translator>> { return translator_; }, 3);
    ASSERT_TRUE(w_->Start());
    service_ = Must(w_->registry.MakeTranslations(*w_->context));
    ASSERT_NE(service_, nullptr);
    commenter_ = Must(w_->store->users().Create(NewUser{
        "commenter", "Commenter", "$argon2id$not-a-real-hash", Role::kMember, w_->clock.Now()}));
  }

  Post Publish(const std::string& title) {
    return Must(w_->posts->Create(w_->author, PostInput{title, "A body.", std::string("en")}));
  }
  Comment AddComment(const Post& post, const std::string& body, const std::string& lang = "en") {
    NewComment comment;
    comment.post_id = post.id;
    comment.author_id = commenter_.id;
    comment.body = body;
    comment.lang = lang;
    comment.created_at = w_->clock.Now();
    return Must(w_->store->comments().Create(comment)).comment;
  }
  static CommentText TextOf(const Comment& c) { return {c.post_id, c.id, c.lang, c.body}; }

  TextTranslationView Read(const Comment& c, const std::string& target) {
    return Must(service_->CommentViewFor(TextOf(c), target));
  }
  TextTranslationView Ask(const Comment& c, const std::string& target,
                          const std::string& address = "192.0.2.1") {
    return Must(service_->RequestComment(TextOf(c), target, address));
  }

  // The "translate" jobs of part "comment".
  std::vector<TranslateRequest> CommentJobs() {
    JobFilter filter;
    filter.kind = std::string(kTranslateJobKind);
    filter.limit = 1000;
    std::vector<TranslateRequest> requests;
    for (const Job& job : Must(w_->store->jobs().List(filter))) {
      auto request = Must(ParseTranslatePayload(job.payload));
      if (request.part == TextPart::kComment) requests.push_back(request);
    }
    return requests;
  }

  // The comment.translation events pending on `subscription`.
  static std::vector<std::shared_ptr<const events::Event>> TakeTranslations(
      events::Subscription& subscription) {
    std::vector<std::shared_ptr<const events::Event>> taken;
    for (auto& event : subscription.Take().events) {
      if (event->type == "comment.translation") taken.push_back(std::move(event));
    }
    return taken;
  }
  // Their data as a subscriber reading `locale` gets it.
  static std::vector<std::string> TranslationEvents(events::Subscription& subscription,
                                                    const std::string& locale) {
    std::vector<std::string> data;
    for (const auto& event : TakeTranslations(subscription)) data.push_back(event->DataFor(locale));
    return data;
  }

  std::unique_ptr<module_testing::ModuleWorld> w_;
  std::shared_ptr<testing::ScriptedTranslator> translator_ =
      std::make_shared<testing::ScriptedTranslator>();
  std::shared_ptr<PostTranslations> service_;
  User commenter_;
};

TEST_P(CommentTranslation, IsOfferedThenTranslatedOnRequestAndGoesOutLive) {
  Start();
  const Post post = Publish("A post");
  Must(w_->runner->RunPending());  // the post's own eager jobs
  const Comment comment = AddComment(post, "Nice call on $BTC @author, see https://x.example/a");

  // Read only: offered, nothing queued.
  TextTranslationView offered = Read(comment, "fr");
  EXPECT_EQ(offered.status, TextTranslationStatus::kAvailable);
  EXPECT_EQ(offered.from, "en");
  EXPECT_EQ(offered.to, "fr");
  EXPECT_EQ(offered.engines, (std::vector<std::string>{"apertium", "apertium"}));
  EXPECT_TRUE(CommentJobs().empty());

  // Asked twice (two readers): one job, pending for both.
  EXPECT_EQ(Ask(comment, "fr", "192.0.2.1").status, TextTranslationStatus::kPending);
  EXPECT_EQ(Ask(comment, "fr", "192.0.2.2").status, TextTranslationStatus::kPending);
  const auto jobs = CommentJobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].comment_id, comment.id);
  EXPECT_EQ(jobs[0].post_id, post.id);
  EXPECT_EQ(jobs[0].to, "fr");
  EXPECT_EQ(jobs[0].engine, "apertium+apertium");

  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(post.id)};
  auto subscription = w_->hub->Subscribe(subscribe);
  w_->dropped.clear();
  Must(w_->runner->RunPending());

  const TextTranslationView ready = Read(comment, "fr");
  EXPECT_EQ(ready.status, TextTranslationStatus::kReady);
  EXPECT_EQ(ready.text, "[fr] " + comment.body);
  // A stored translation changes what the post's page shows: its entries go.
  EXPECT_EQ(w_->dropped, std::vector<std::int64_t>{post.id});

  const auto taken = TakeTranslations(*subscription);
  ASSERT_EQ(taken.size(), 1u);
  const std::string french = taken[0]->DataFor("fr");
  EXPECT_NE(french.find("\"comment_id\":" + std::to_string(comment.id)), std::string::npos)
      << french;
  EXPECT_NE(french.find("\"status\":\"ready\""), std::string::npos) << french;
  EXPECT_NE(french.find("\"body\":\"[fr] Nice call"), std::string::npos) << french;
  EXPECT_NE(french.find("\"label\":\"Traduit de l'anglais\""), std::string::npos) << french;
  EXPECT_NE(french.find("\"lang\":\"fr\""), std::string::npos) << french;
  // Readers of another language get no text of this one.
  const std::string english = taken[0]->DataFor("en");
  EXPECT_EQ(english.find("body"), std::string::npos) << english;
  EXPECT_NE(english.find("\"to\":\"fr\""), std::string::npos) << english;

  // Asking again reads the stored row: no job, no hit on the limit.
  EXPECT_EQ(Ask(comment, "fr").status, TextTranslationStatus::kReady);
  EXPECT_EQ(CommentJobs().size(), 1u);
}

// A page reads its comments' translations in one store read (CommentViewsFor): each view is
// what reading that comment alone gives.
TEST_P(CommentTranslation, APageOfCommentsReadsAsEachCommentAlone) {
  Start();
  const Post post = Publish("A post");
  Must(w_->runner->RunPending());
  const Comment asked = AddComment(post, "Watching $ETH closely");
  const Comment offered = AddComment(post, "Volumes were thin today");
  const Comment unknown = AddComment(post, "+1", "und");
  const Comment french = AddComment(post, "Bonne analyse", "fr");
  Ask(asked, "fr");
  Must(w_->runner->RunPending());
  const std::vector<Comment> page{asked, offered, unknown, french, asked};
  std::vector<CommentText> texts;
  for (const Comment& c : page) texts.push_back(TextOf(c));
  for (const std::string target : {"fr", "ru", "en", "pt-BR", ""}) {
    const auto views = Must(service_->CommentViewsFor(texts, target));
    ASSERT_EQ(views.size(), page.size());
    for (std::size_t i = 0; i < page.size(); ++i) {
      const TextTranslationView alone = Read(page[i], target);
      EXPECT_EQ(views[i].status, alone.status) << target << " " << i;
      EXPECT_EQ(views[i].text, alone.text) << target << " " << i;
      EXPECT_EQ(views[i].engines, alone.engines) << target << " " << i;
      EXPECT_EQ(views[i].from, alone.from) << target << " " << i;
      EXPECT_EQ(views[i].to, alone.to) << target << " " << i;
    }
  }
  const auto into_french = Must(service_->CommentViewsFor(texts, "fr"));
  EXPECT_EQ(into_french[0].status, TextTranslationStatus::kReady);
  EXPECT_EQ(into_french[0].text, "[fr] " + asked.body);
  EXPECT_EQ(into_french[1].status, TextTranslationStatus::kAvailable);
  EXPECT_EQ(into_french[2].status, TextTranslationStatus::kOriginal);
  EXPECT_EQ(into_french[3].status, TextTranslationStatus::kOriginal);
  EXPECT_EQ(into_french[4].status, TextTranslationStatus::kReady);
  EXPECT_TRUE(Must(service_->CommentViewsFor({}, "fr")).empty());
}

TEST_P(CommentTranslation, SameLanguageUnknownLanguageAndNoRouteAreNotOffered) {
  Start();
  const Post post = Publish("A post");
  const Comment english = AddComment(post, "Great analysis");
  const Comment unknown = AddComment(post, "+1", "und");
  EXPECT_EQ(Read(english, "en").status, TextTranslationStatus::kOriginal);
  EXPECT_EQ(Read(english, "").status, TextTranslationStatus::kOriginal);
  EXPECT_EQ(Read(unknown, "fr").status, TextTranslationStatus::kOriginal);
  // No route into Russian: unavailable, with no engines (the page offers nothing).
  const TextTranslationView ru = Read(english, "ru");
  EXPECT_EQ(ru.status, TextTranslationStatus::kUnavailable);
  EXPECT_TRUE(ru.engines.empty());
  EXPECT_EQ(Ask(english, "ru").status, TextTranslationStatus::kUnavailable);
  // pt-BR readers read Portuguese comments as written.
  const Comment portuguese = AddComment(post, "Boa análise", "pt");
  EXPECT_EQ(Read(portuguese, "pt-BR").status, TextTranslationStatus::kOriginal);
  EXPECT_TRUE(CommentJobs().empty());
}

TEST_P(CommentTranslation, IdenticalTextsShareTheJobAndTheStoredRow) {
  Start();
  const Post first = Publish("First");
  const Post second = Publish("Second");
  Must(w_->runner->RunPending());
  const Comment a = AddComment(first, "Thanks for sharing");
  const Comment b = AddComment(second, "Thanks for sharing");
  EXPECT_EQ(Ask(a, "es").status, TextTranslationStatus::kPending);
  EXPECT_EQ(Ask(b, "es").status, TextTranslationStatus::kPending);
  ASSERT_EQ(CommentJobs().size(), 1u) << "one job per (text, target, engines)";

  // The second comment's page learns of it too, though the job was queued for the first.
  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(second.id)};
  auto subscription = w_->hub->Subscribe(subscribe);
  w_->dropped.clear();
  const int calls = translator_->calls();
  Must(w_->runner->RunPending());
  EXPECT_EQ(translator_->calls(), calls + 1);
  EXPECT_EQ(std::set<std::int64_t>(w_->dropped.begin(), w_->dropped.end()),
            (std::set<std::int64_t>{first.id, second.id}));
  const auto events = TranslationEvents(*subscription, "es");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("\"comment_id\":" + std::to_string(b.id)), std::string::npos)
      << events[0];

  // A later comment with the same text (or a title with it) reads the stored row at once.
  const Comment c = AddComment(first, "Thanks for sharing");
  EXPECT_EQ(Read(c, "es").status, TextTranslationStatus::kReady);
  EXPECT_EQ(Read(c, "es").text, "[es] Thanks for sharing");
  const Post titled = Publish("Thanks for sharing");
  ReaderPost read = Must(w_->posts->Read(titled.id));
  auto title_view =
      Must(service_->ViewForTarget(read.post, read.summary, "es", Queueing::kNever, ""));
  // The title reads the comment's row (the body "A body." was stored for the first posts).
  EXPECT_EQ(title_view.status, TranslationStatus::kReady);
  EXPECT_EQ(title_view.title, "[es] Thanks for sharing");
  EXPECT_EQ(CommentJobs().size(), 1u);
}

TEST_P(CommentTranslation, RequestsCountAgainstTheOnDemandLimitPerAddress) {
  translate::TranslationOptions options;
  options.on_demand_per_minute = 1;
  Start(options);
  const Post post = Publish("A post");
  const Comment a = AddComment(post, "First comment");
  const Comment b = AddComment(post, "Second comment");
  EXPECT_EQ(Ask(a, "ja", "198.51.100.1").status, TextTranslationStatus::kPending);
  auto refused = service_->RequestComment(TextOf(b), "ja", "198.51.100.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_TRUE(refused.error().retry_after_s.has_value());
  EXPECT_EQ(CommentJobs().size(), 1u);
  // Another address has its own allowance; a minute later the first may ask again.
  EXPECT_EQ(Ask(b, "ja", "198.51.100.2").status, TextTranslationStatus::kPending);
  w_->clock.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Ask(b, "ja", "198.51.100.1").status, TextTranslationStatus::kPending);
}

TEST_P(CommentTranslation, AJobThatFailsEveryAttemptTellsThePageItIsNotAvailable) {
  Start();
  const Post post = Publish("A post");
  Must(w_->runner->RunPending());
  const Comment comment = AddComment(post, "The engine will fail on this one");
  EXPECT_EQ(Ask(comment, "fr").status, TextTranslationStatus::kPending);
  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(post.id)};
  auto subscription = w_->hub->Subscribe(subscribe);
  translator_->FailNext(1000);
  for (int attempt = 0; attempt < 4; ++attempt) {
    Must(w_->runner->RunPending());
    w_->clock.Advance(std::chrono::minutes(10));
  }
  const auto events = TranslationEvents(*subscription, "fr");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("\"status\":\"unavailable\""), std::string::npos) << events[0];
  EXPECT_NE(events[0].find("\"body\":null"), std::string::npos) << events[0];
  // Asking again finds the dead job: not available (until `plaza jobs retry`).
  EXPECT_EQ(Ask(comment, "fr").status, TextTranslationStatus::kUnavailable);
}

TEST_P(CommentTranslation, ADeletedCommentsTranslationGoesOutToNobody) {
  Start();
  const Post post = Publish("A post");
  Must(w_->runner->RunPending());
  const Comment comment = AddComment(post, "Soon deleted");
  EXPECT_EQ(Ask(comment, "fr").status, TextTranslationStatus::kPending);
  Must(w_->store->comments().Delete(comment.id, w_->clock.Now()));
  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(post.id)};
  auto subscription = w_->hub->Subscribe(subscribe);
  Must(w_->runner->RunPending());
  EXPECT_TRUE(TranslationEvents(*subscription, "fr").empty());
}

TEST(CommentTranslationPayload, RoundTripsWithItsCommentAndRefusesOneWithout) {
  TranslateRequest request{7, 0, TextPart::kComment, "en", "fr", "apertium+apertium", "Hi", 42};
  auto parsed = ParseTranslatePayload(TranslatePayload(request));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->part, TextPart::kComment);
  EXPECT_EQ(parsed->comment_id, 42);
  EXPECT_EQ(parsed->post_id, 7);
  // Same text, target and engines as a title: the same job key (one job, one row).
  TranslateRequest title = request;
  title.part = TextPart::kTitle;
  title.comment_id = 0;
  EXPECT_EQ(TranslateJobKey(request), TranslateJobKey(title));
  EXPECT_FALSE(ParseTranslatePayload(
      R"({"post_id":1,"revision":0,"part":"comment","from":"en","to":"fr","engine":"a","text":"t"})"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CommentTranslation,
                         ::testing::Values(std::string(storage_test::kSqlite),
                                           std::string(storage_test::kPostgres)),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plaza::translation
