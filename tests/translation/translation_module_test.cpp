// The translations module as the app wires it: what Register declares, the jobs it queues at
// publish, edit, summary and on demand, run by the real job runner against a real SQLite file,
// with the real summaries module, event hub and catalogs, and a scripted translation service.

#include "translation/module.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "events/event_hub.hpp"
#include "i18n/catalog.hpp"
#include "i18n/language_names.hpp"
#include "jobs/job_runner.hpp"
#include "module_world.hpp"
#include "ops/metrics.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"
#include "scripted_translator.hpp"
#include "summarize/module.hpp"
#include "summarize/summarize_texts.hpp"
#include "translation/text_hash.hpp"

namespace plaza::translation {
namespace {

using storage_test::Must;

TEST(TranslationModule, RegistersTheRevisionJobAndTwoKinds) {
  ModuleRegistry registry;
  Register(registry, translate::TranslationOptions{}, nullptr, 4);
  ASSERT_EQ(registry.revision_jobs().size(), 1u);
  EXPECT_EQ(registry.revision_jobs()[0].kind, kTranslateRevisionJobKind);
  EXPECT_EQ(registry.revision_jobs()[0].max_attempts, 4);
}

TEST(TranslationModule, PayloadsRoundTripAndBadOnesAreRefused) {
  TranslateRequest request{7,
                           2,
                           TextPart::kSummary,
                           "en",
                           "pt-BR",
                           "apertium+apertium",
                           std::string("a\0b \"q\" 🚀", 12)};
  auto parsed = ParseTranslatePayload(TranslatePayload(request));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->post_id, 7);
  EXPECT_EQ(parsed->revision, 2);
  EXPECT_EQ(parsed->part, TextPart::kSummary);
  EXPECT_EQ(parsed->to, "pt-BR");
  EXPECT_EQ(parsed->engine, "apertium+apertium");
  EXPECT_EQ(parsed->text, request.text);
  for (const char* bad : {"", "post:1:1", "{}", "[1]", R"({"post_id":1,"revision":1,"part":"x",
      "from":"en","to":"fr","engine":"a","text":"t"})"}) {
    EXPECT_FALSE(ParseTranslatePayload(bad)) << bad;
  }
  // The engine is part of the job's key: a new engine translates again.
  TranslateRequest other = request;
  other.engine = "llm";
  EXPECT_NE(TranslateJobKey(request), TranslateJobKey(other));
  EXPECT_EQ(TranslateJobKey(request).substr(0, 64), TextHash(request.text));
}

class TranslationModuleRun : public ::testing::Test {
 protected:
  // Registers the summaries module (extractive) and this one over the scripted service.
  void Start(translate::TranslationOptions options = {}, std::string summaries = "extractive") {
    summarize::Register(w_.registry, summarize::SummaryOptions{summaries}, {}, {}, 3);
    Register(
        w_.registry, options,
        [this]() -> Result<std::shared_ptr<translate::Translator>> { return translator_; }, 3);
    ASSERT_TRUE(w_.Start());
    service_ = Must(w_.registry.MakeTranslations(*w_.context));
    ASSERT_NE(service_, nullptr);
  }

  Post Publish(const std::string& title, const std::string& body) {
    return Must(w_.posts->Create(w_.author, PostInput{title, body, std::string("en")}));
  }
  Post PublishSample() {
    return Publish(std::string(summarize::testing::kEnglishTitle),
                   std::string(summarize::testing::kEnglishBody));
  }

  TranslationView View(std::int64_t post_id, const std::string& locale,
                       const std::string& address = "192.0.2.1") {
    ReaderPost read = Must(w_.posts->Read(post_id));
    return Must(service_->ViewFor(read.post, read.summary, locale, Queueing::kReader, address));
  }

  std::vector<Job> TranslateJobs() {
    JobFilter filter;
    filter.kind = std::string(kTranslateJobKind);
    filter.limit = 1000;
    return Must(w_.store->jobs().List(filter));
  }
  // The targets of the translate jobs queued for `part`.
  std::multiset<std::string> TargetsOf(TextPart part) {
    std::multiset<std::string> targets;
    for (const Job& job : TranslateJobs()) {
      auto request = Must(ParseTranslatePayload(job.payload));
      if (request.part == part) targets.insert(request.to);
    }
    return targets;
  }

  // The runner's backoff starts at 2 s (its default): a failed job waits, and the test moves
  // the clock on.
  module_testing::ModuleWorld w_;
  std::shared_ptr<testing::ScriptedTranslator> translator_ =
      std::make_shared<testing::ScriptedTranslator>();
  std::shared_ptr<PostTranslations> service_;
};

TEST_F(TranslationModuleRun, PublishTranslatesTitleBodyAndSummaryIntoTheOfflineTargets) {
  Start();
  const Post post = PublishSample();
  Must(w_.runner->RunPending());
  // Offline routes only by default: es, fr (through es), pt-BR; ja's engine is online.
  const std::multiset<std::string> offline{"es", "fr", "pt-BR"};
  EXPECT_EQ(TargetsOf(TextPart::kTitle), offline);
  EXPECT_EQ(TargetsOf(TextPart::kBody), offline);
  EXPECT_EQ(TargetsOf(TextPart::kSummary), offline);
  for (const Job& job : TranslateJobs()) EXPECT_EQ(job.state, JobState::kDone) << job.payload;

  const TranslationView fr = View(post.id, "fr");
  EXPECT_EQ(fr.status, TranslationStatus::kReady);
  EXPECT_EQ(fr.from, "en");
  EXPECT_EQ(fr.to, "fr");
  EXPECT_EQ(fr.engines, (std::vector<std::string>{"apertium", "apertium"}));
  EXPECT_EQ(fr.title, "[fr] " + post.title);
  EXPECT_EQ(fr.body_md, "[fr] " + post.body_md);
  EXPECT_NE(fr.body_html.find("<p>[fr] "), std::string::npos) << fr.body_html;
  EXPECT_EQ(fr.summary_state, SummaryTranslation::kReady);
  EXPECT_TRUE(fr.summary.starts_with("[fr] ")) << fr.summary;
  EXPECT_EQ(fr.from_name, "anglais");
  EXPECT_EQ(fr.to_name, "français");
  // pt-BR is a target of its own.
  EXPECT_EQ(View(post.id, "pt-BR").title, "[pt-BR] " + post.title);
  EXPECT_EQ(View(post.id, "pt-PT").status, TranslationStatus::kUnavailable);
}

TEST_F(TranslationModuleRun, SameLanguageNoRouteAndUnknownLocale) {
  Start();
  const Post post = PublishSample();
  Must(w_.runner->RunPending());
  EXPECT_EQ(View(post.id, "en").status, TranslationStatus::kOriginal);
  EXPECT_EQ(View(post.id, "xx-YY").status, TranslationStatus::kOriginal);
  const TranslationView ru = View(post.id, "ru");
  EXPECT_EQ(ru.status, TranslationStatus::kUnavailable);
  EXPECT_EQ(ru.to_name, "русский");
  EXPECT_TRUE(ru.engines.empty());
}

TEST_F(TranslationModuleRun, AReaderOutsideEagerQueuesOneJobPerTextHoweverManyAsk) {
  Start();
  const Post post = PublishSample();
  Must(w_.runner->RunPending());
  EXPECT_TRUE(TargetsOf(TextPart::kTitle).count("ja") == 0);
  for (int reader = 0; reader < 5; ++reader) {
    const TranslationView ja = View(post.id, "ja", "192.0.2." + std::to_string(reader));
    EXPECT_EQ(ja.status, TranslationStatus::kPending);
    EXPECT_EQ(ja.engines, std::vector<std::string>{"llm"});
  }
  EXPECT_EQ(TargetsOf(TextPart::kTitle).count("ja"), 1u);
  EXPECT_EQ(TargetsOf(TextPart::kBody).count("ja"), 1u);
  EXPECT_EQ(TargetsOf(TextPart::kSummary).count("ja"), 1u);
  Must(w_.runner->RunPending());
  const TranslationView ja = View(post.id, "ja");
  EXPECT_EQ(ja.status, TranslationStatus::kReady);
  EXPECT_EQ(ja.title, "[ja] " + post.title);
  EXPECT_EQ(ja.summary_state, SummaryTranslation::kReady);
}

TEST_F(TranslationModuleRun, TheOnDemandLimitCountsPerAddressPerMinute) {
  translate::TranslationOptions options;
  options.on_demand_per_minute = 2;
  Start(options, "off");
  std::vector<Post> posts;
  for (int i = 0; i < 3; ++i) {
    posts.push_back(Publish("Title number " + std::to_string(i), "Body " + std::to_string(i)));
  }
  Must(w_.runner->RunPending());
  EXPECT_EQ(View(posts[0].id, "ja", "198.51.100.1").status, TranslationStatus::kPending);
  EXPECT_EQ(View(posts[1].id, "ja", "198.51.100.1").status, TranslationStatus::kPending);
  // The third ask from that address this minute queues nothing.
  EXPECT_EQ(View(posts[2].id, "ja", "198.51.100.1").status, TranslationStatus::kUnavailable);
  EXPECT_EQ(TargetsOf(TextPart::kTitle).count("ja"), 2u);
  // Eager targets are never limited; another address has its own count.
  EXPECT_EQ(View(posts[2].id, "fr", "198.51.100.1").status, TranslationStatus::kReady);
  EXPECT_EQ(View(posts[2].id, "ja", "198.51.100.2").status, TranslationStatus::kPending);
  // A minute later the first address may ask again.
  w_.clock.Advance(std::chrono::seconds(61));
  EXPECT_EQ(View(posts[2].id, "ja", "198.51.100.1").status, TranslationStatus::kPending);
}

TEST_F(TranslationModuleRun, AFailedTranslationIsRetriedWithBackoffThenStored) {
  Start({}, "off");
  const Post post = PublishSample();
  Must(w_.runner->RunPending(1));  // translate.revision: queues 6 jobs
  translator_->FailNext(1);
  Must(w_.runner->RunPending(1));
  std::vector<Job> failed;
  for (const Job& job : TranslateJobs()) {
    if (!job.last_error.empty()) failed.push_back(job);
  }
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].state, JobState::kQueued);
  EXPECT_GT(failed[0].run_after, w_.clock.Now());
  EXPECT_NE(failed[0].last_error.find("timed out"), std::string::npos);
  Must(w_.runner->RunPending());
  EXPECT_EQ(Must(w_.store->jobs().Get(failed[0].id)).state, JobState::kQueued);
  w_.clock.Advance(std::chrono::seconds(5));
  Must(w_.runner->RunPending());
  EXPECT_EQ(Must(w_.store->jobs().Get(failed[0].id)).state, JobState::kDone);
  for (const char* locale : {"es", "fr", "pt-BR"}) {
    EXPECT_EQ(View(post.id, locale).status, TranslationStatus::kReady) << locale;
  }
}

TEST_F(TranslationModuleRun, AJobThatFailsEveryAttemptLeavesTheOriginalNotAvailable) {
  Start({}, "off");
  const Post post = PublishSample();
  translator_->FailNext(1000);
  for (int attempt = 0; attempt < 4; ++attempt) {
    Must(w_.runner->RunPending());
    w_.clock.Advance(std::chrono::minutes(10));
  }
  for (const Job& job : TranslateJobs()) EXPECT_EQ(job.state, JobState::kDead);
  EXPECT_EQ(View(post.id, "fr").status, TranslationStatus::kUnavailable);
  EXPECT_FALSE(w_.dropped.empty());  // pages waiting for it are read again
}

TEST_F(TranslationModuleRun, AStoredTranslationDropsThePostAndGoesOutAsAnEvent) {
  Start({}, "off");
  const Post post = PublishSample();
  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(post.id)};
  auto subscription = w_.hub->Subscribe(subscribe);
  Must(w_.runner->RunPending());
  EXPECT_EQ(std::set<std::int64_t>(w_.dropped.begin(), w_.dropped.end()),
            std::set<std::int64_t>{post.id});
  const events::Delivery delivery = subscription->Take();
  std::vector<std::string> french;
  for (const auto& event : delivery.events) {
    ASSERT_EQ(event->type, "translation.ready");
    const std::string data = event->DataFor("fr");
    if (data.find("\"to\":\"fr\"") != std::string::npos) french.push_back(data);
    // Subscribers reading another language get no text of this one.
    const std::string en = event->DataFor("en");
    EXPECT_EQ(en.find("title"), std::string::npos) << en;
  }
  // One event per target once its title and body are both stored (title first, then body).
  ASSERT_EQ(french.size(), 1u);
  EXPECT_NE(french[0].find("\"title\":\"[fr] City council"), std::string::npos) << french[0];
  EXPECT_NE(french[0].find("\"body_html\":\"<p>[fr] "), std::string::npos) << french[0];
  // The label comes from the French catalog, naming the language in French.
  const Catalog& fr = w_.catalogs->For("fr");
  const std::string label = TranslatedFromLabel(fr, "en");
  EXPECT_EQ(label, "Traduit de l'anglais");
  EXPECT_NE(french[0].find("\"label\":\"" + label + "\""), std::string::npos) << french[0];
  EXPECT_EQ(label.find("Translated"), std::string::npos) << label;
}

TEST_F(TranslationModuleRun, AnEditTranslatesTheNewRevisionAndKeepsSharedTexts) {
  Start({}, "off");
  const Post post = PublishSample();
  Must(w_.runner->RunPending());
  const int calls = translator_->calls();
  // Same title, new body: only the body is translated again.
  Must(w_.posts->Edit(w_.author, post.id, 1,
                      PostInput{post.title, "A new body about **bikes**.", std::string("en")}));
  Must(w_.runner->RunPending());
  EXPECT_EQ(translator_->calls() - calls, 3);  // es, fr, pt-BR bodies
  const TranslationView fr = View(post.id, "fr");
  EXPECT_EQ(fr.status, TranslationStatus::kReady);
  EXPECT_EQ(fr.body_md, "[fr] A new body about **bikes**.");
  EXPECT_NE(fr.body_html.find("<strong>bikes</strong>"), std::string::npos) << fr.body_html;
  // Another post with the same title shares its stored translation: no job, at once ready.
  const Post twin = Publish(post.title, "A new body about **bikes**.");
  EXPECT_EQ(View(twin.id, "fr").status, TranslationStatus::kReady);
}

TEST_F(TranslationModuleRun, ANewEngineForARouteTranslatesAgain) {
  Start({}, "off");
  const Post post = PublishSample();
  Must(w_.runner->RunPending());
  translator_->SetRoute("en", "fr", translate::Route{{{"llm", "en", "fr"}}});
  // The stored rows are apertium+apertium: the llm route has none yet.
  const TranslationView fr = View(post.id, "fr");
  EXPECT_EQ(fr.status, TranslationStatus::kPending);
  Must(w_.runner->RunPending());
  EXPECT_EQ(View(post.id, "fr").engines, std::vector<std::string>{"llm"});
  EXPECT_EQ(View(post.id, "fr").status, TranslationStatus::kReady);
}

TEST_F(TranslationModuleRun, ExplicitEagerLocalesReplaceTheOfflineDefault) {
  translate::TranslationOptions options;
  options.eager = {"ja", "pt-BR"};
  Start(options, "off");
  PublishSample();
  Must(w_.runner->RunPending());
  EXPECT_EQ(TargetsOf(TextPart::kTitle), (std::multiset<std::string>{"ja", "pt-BR"}));
}

TEST_F(TranslationModuleRun, BadInputIsTranslatedAndStoredAsText) {
  Start({}, "off");
  std::string body;
  while (body.size() < 49'000) body += "Emoji 🚀, مرحبا, \u202eRLO\u202c, 中文 and $BTC.\n\n";
  const Post post = Publish("Mixed \u202escripts\u202c 🚀", body);
  Must(w_.runner->RunPending());
  const TranslationView fr = View(post.id, "fr");
  ASSERT_EQ(fr.status, TranslationStatus::kReady);
  EXPECT_EQ(fr.body_md, "[fr] " + post.body_md);
  EXPECT_EQ(fr.title, "[fr] Mixed \u202escripts\u202c 🚀");
}

TEST_F(TranslationModuleRun, WithoutATranslatorEveryOtherLanguageIsUnavailable) {
  summarize::Register(w_.registry, summarize::SummaryOptions{"off"}, {}, {}, 3);
  Register(w_.registry, {}, nullptr, 3);
  ASSERT_TRUE(w_.Start());
  service_ = Must(w_.registry.MakeTranslations(*w_.context));
  const Post post = PublishSample();
  Must(w_.runner->RunPending());
  EXPECT_TRUE(TranslateJobs().empty());
  EXPECT_EQ(View(post.id, "fr").status, TranslationStatus::kUnavailable);
  EXPECT_EQ(View(post.id, "en").status, TranslationStatus::kOriginal);
}

}  // namespace
}  // namespace plaza::translation
