// A 50,000-character body through the real router and engines, in the real job runner: it is
// cut into chunks within the engines' limit, and a chunk in the middle that fails (a pipeline
// that hangs or crashes or answers nothing; an HTTP engine that answers 500 or garbage or nothing
// in time) fails the whole job: nothing is stored, the reader keeps the original ("Translating…"),
// the job waits its backoff with the error recorded, and the next attempt stores the complete
// translation.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "module_world.hpp"
#include "outgoing/local_server.hpp"
#include "summarize/module.hpp"
#include "translate/apertium_engine.hpp"
#include "translate/engines.hpp"
#include "translate/fake_apertium.hpp"
#include "translate/http_engines.hpp"
#include "translation/module.hpp"
#include "translation/text_hash.hpp"

namespace plaza::translation {
namespace {

using outgoing::testing::LocalServer;
using outgoing::testing::SeenRequest;
using storage_test::Must;

// One paragraph of 50,000 characters, sentence after sentence, with the cue FAULT in a sentence
// half-way through it.
std::string MakeLongBody() {
  std::string body;
  for (int i = 0;; ++i) {
    const std::string sentence =
        i == 400 ? "This sentence carries the FAULT cue. "
                 : "Sentence " + std::to_string(i) + " says the market went up again. ";
    // A post's body holds at most 50,000 characters.
    if (body.size() + sentence.size() > 50'001) break;
    body += sentence;
  }
  body.pop_back();
  return body;
}

class LongBody : public ::testing::Test {
 protected:
  // The modules over `engine` alone (routes en → es only), translating into Spanish eagerly.
  void Start(std::unique_ptr<translate::Engine> engine) {
    std::vector<std::unique_ptr<translate::Engine>> engines;
    engines.push_back(std::move(engine));
    std::shared_ptr<translate::Translator> translator =
        translate::MakeTranslator(std::move(engines));
    summarize::Register(w_.registry, summarize::SummaryOptions{"off"}, {}, {}, 3);
    translate::TranslationOptions options;
    options.eager = {"es"};
    Register(
        w_.registry, options,
        [translator]() -> Result<std::shared_ptr<translate::Translator>> { return translator; }, 4);
    ASSERT_TRUE(w_.Start());
    service_ = Must(w_.registry.MakeTranslations(*w_.context));
  }

  // Publishes the long body and runs what is due: the title is stored, the body's job fails.
  // Returns the body job after that attempt.
  Job PublishAndFail(const std::string& expected_error) {
    post_ = Must(w_.posts->Create(w_.author, PostInput{"A long post", body_, std::string("en")}));
    Must(w_.runner->RunPending());
    const Job job = BodyJob();
    EXPECT_EQ(job.state, JobState::kQueued) << job.last_error;
    EXPECT_EQ(job.attempts, 1);
    EXPECT_GT(job.run_after, w_.clock.Now()) << "it waits its backoff";
    EXPECT_NE(job.last_error.find(expected_error), std::string::npos) << job.last_error;
    // Nothing of the body is stored: a reader is shown the original, "Translating…" (asking
    // again queues nothing new).
    EXPECT_FALSE(Must(w_.store->translations().Get(BodyKey())).has_value());
    const TranslationView view = View();
    EXPECT_EQ(view.status, TranslationStatus::kPending);
    EXPECT_TRUE(view.body_md.empty());
    EXPECT_TRUE(view.title.empty());
    // Not retried before its time.
    Must(w_.runner->RunPending());
    EXPECT_EQ(Must(w_.store->jobs().Get(job.id)).attempts, 1);
    return job;
  }

  // After the backoff the next attempt stores the whole translation; returns its body.
  std::string Retry() {
    w_.clock.Advance(std::chrono::minutes(1));
    Must(w_.runner->RunPending());
    const Job job = BodyJob();
    EXPECT_EQ(job.state, JobState::kDone) << job.last_error;
    EXPECT_EQ(job.attempts, 2);
    const TranslationView view = View();
    EXPECT_EQ(view.status, TranslationStatus::kReady);
    return view.body_md;
  }

  Job BodyJob() {
    JobFilter filter;
    filter.kind = std::string(kTranslateJobKind);
    filter.limit = 100;
    for (const Job& job : Must(w_.store->jobs().List(filter))) {
      if (Must(ParseTranslatePayload(job.payload)).part == TextPart::kBody) return job;
    }
    ADD_FAILURE() << "no body job";
    return {};
  }
  TranslationKey BodyKey() const {
    return TranslationKey{TextHash(body_), "en", "es", std::string(engine_name_)};
  }
  TranslationView View() {
    ReaderPost read = Must(w_.posts->Read(post_.id));
    return Must(service_->ViewFor(read.post, read.summary, "es", Queueing::kReader, "192.0.2.1"));
  }

  // The runner's backoff starts at 2 s (its default): a failed job waits, and the test moves
  // the clock on.
  module_testing::ModuleWorld w_;
  std::shared_ptr<PostTranslations> service_;
  const std::string body_ = MakeLongBody();
  std::string engine_name_;
  Post post_;
};

// --- Apertium: the engine's pipelines, played by the bash wrapper ------------------------------

class LongBodyApertium : public LongBody {
 protected:
  void SetUp() override {
    fault_file_ = dir_.path() + "/fault";
    engine_name_ = "apertium";
    translate::ApertiumOptions options = translate::testing::WrapperOptions(dir_, fault_file_);
    options.pool_size = 1;
    auto engine = translate::ApertiumEngine::Create(options);
    ASSERT_TRUE(engine) << engine.error().message;
    Start(std::move(*engine));
  }
  void Arm(const std::string& fault) { std::ofstream(fault_file_) << fault; }
  void Heal() { std::filesystem::remove(fault_file_); }

  // The complete translation of every chunk ("T:" + the chunk): the body once the marks are
  // taken out, in more than 20 chunks.
  void ExpectEveryChunk(const std::string& translated) const {
    std::string joined = translated;
    std::size_t chunks = 0;
    for (std::size_t at = joined.find("T:"); at != std::string::npos; at = joined.find("T:", at)) {
      joined.erase(at, 2);
      ++chunks;
    }
    EXPECT_EQ(joined, body_);
    EXPECT_GT(chunks, 20u);
  }

  translate::testing::ModesDir dir_{{"eng-spa"}, /*real=*/false};
  std::string fault_file_;
};

TEST_F(LongBodyApertium, AHungPipelineFailsTheJobWhichIsRetried) {
  Arm("hang");
  PublishAndFail("timed out");
  Heal();
  ExpectEveryChunk(Retry());
}

TEST_F(LongBodyApertium, ACrashedPipelineFailsTheJobWhichIsRetried) {
  Arm("crash");
  PublishAndFail("crashed");
  Heal();
  ExpectEveryChunk(Retry());
}

TEST_F(LongBodyApertium, EmptyOutputFailsTheJobWhichIsRetried) {
  Arm("empty");
  PublishAndFail("answered nothing");
  Heal();
  ExpectEveryChunk(Retry());
}

// --- LibreTranslate's wire format, on a local server -------------------------------------------

enum class HttpFault { kNone, k500, kGarbage, kHang };

class LongBodyHttp : public LongBody {
 protected:
  void SetUp() override {
    engine_name_ = "libretranslate";
    server_.Answer([this](const SeenRequest& seen) { return Answer(seen); });
    translate::HttpEngineOptions options;
    options.url = server_.url();
    options.languages = {"en", "es"};
    options.timeout_ms = 500;
    outgoing::OutgoingOptions http;
    http.retry.max_attempts = 2;
    http.retry.backoff_initial_ms = 1;
    http.retry.backoff_max_ms = 2;
    auto engine = translate::HttpEngine::Create(translate::HttpApi::kLibreTranslate, options, http);
    ASSERT_TRUE(engine) << engine.error().message;
    Start(std::move(*engine));
  }
  void TearDown() override { Release(); }
  // Lets a held answer go (the server's thread is free again).
  void Release() {
    if (!released_once_.exchange(true)) release_.set_value();
  }

  // The chunk with the cue fails as armed; every other one comes back upper-cased.
  http::Response Answer(const SeenRequest& seen) {
    const auto request = boost::json::parse(seen.body).as_object();
    std::string text(request.at("q").as_string());
    if (text.find("FAULT") != std::string::npos) {
      switch (fault_.load()) {
        case HttpFault::k500:
          return http::JsonResponse(500, R"({"error":"boom"})");
        case HttpFault::kGarbage:
          return http::JsonResponse(200, "<html>not json</html>");
        case HttpFault::kHang:
          // Longer than the engine's timeout; released when the test ends.
          released_.wait_for(std::chrono::seconds(30));
          break;
        case HttpFault::kNone:
          break;
      }
    }
    for (char& c : text) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return http::JsonResponse(
        200, boost::json::serialize(boost::json::object{{"translatedText", text}}));
  }

  std::string Expected() const {
    std::string upper = body_;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return upper;
  }
  // The requests that carried text up to (and including) the first one with the cue.
  std::size_t RequestsUpToTheFault() const {
    std::size_t n = 0;
    for (const SeenRequest& seen : server_.requests()) {
      ++n;
      // Within LibreTranslate's default limit of 5,000 characters a request (the chunk, its
      // protected spans written as placeholders).
      EXPECT_LT(boost::json::parse(seen.body).at("q").as_string().size(), 5'000u);
      if (seen.body.find("FAULT") != std::string::npos) break;
    }
    return n;
  }

  LocalServer server_;
  std::atomic<HttpFault> fault_{HttpFault::kNone};
  std::atomic<bool> released_once_{false};
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
};

TEST_F(LongBodyHttp, A500FailsTheJobWhichIsRetried) {
  fault_ = HttpFault::k500;
  PublishAndFail("HTTP 500");
  // The chunks before the failing one went out, each within the limit; none after it.
  EXPECT_GT(RequestsUpToTheFault(), 10u);
  EXPECT_EQ(server_.requests().back().body.find("FAULT") != std::string::npos, true);
  fault_ = HttpFault::kNone;
  EXPECT_EQ(Retry(), Expected());
}

TEST_F(LongBodyHttp, GarbageFailsTheJobWhichIsRetried) {
  fault_ = HttpFault::kGarbage;
  PublishAndFail("not the API's JSON");
  fault_ = HttpFault::kNone;
  EXPECT_EQ(Retry(), Expected());
}

TEST_F(LongBodyHttp, ASilentServerFailsTheJobAfterItsTimeout) {
  fault_ = HttpFault::kHang;
  PublishAndFail("timeout");
  Release();
  fault_ = HttpFault::kNone;
  EXPECT_EQ(Retry(), Expected());
}

}  // namespace
}  // namespace plaza::translation
