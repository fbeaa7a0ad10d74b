// The HTTP engines against local servers speaking the documented wire formats:
// LibreTranslate's POST /translate ({"q", "source", "target", "format", "api_key"} →
// {"translatedText"}; errors {"error"}), from its API reference (libretranslate.com/docs), and
// OpenAI-compatible POST /v1/chat/completions (the summaries' fake endpoint,
// tests/summarize/llm_fake_endpoint.hpp).

#include "translate/http_engines.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/message.hpp"
#include "outgoing/local_server.hpp"
#include "summarize/llm_fake_endpoint.hpp"
#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

using outgoing::testing::LocalServer;
using outgoing::testing::SeenRequest;

HttpEngineOptions Options(std::string url, std::vector<std::string> languages,
                          std::string api_key = "", std::string model = "") {
  HttpEngineOptions options;
  options.url = std::move(url);
  options.languages = std::move(languages);
  options.api_key = std::move(api_key);
  options.model = std::move(model);
  return options;
}

outgoing::OutgoingOptions FastHttp() {
  outgoing::OutgoingOptions http;
  http.retry.max_attempts = 2;
  http.retry.backoff_initial_ms = 1;
  http.retry.backoff_max_ms = 2;
  return http;
}

// LibreTranslate's answer: the text upper-cased, as {"translatedText"}.
http::Response LibreAnswer(const SeenRequest& seen) {
  const auto body = boost::json::parse(seen.body).as_object();
  std::string text(body.at("q").as_string());
  for (char& c : text) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return http::JsonResponse(200,
                            boost::json::serialize(boost::json::object{{"translatedText", text}}));
}

Result<std::unique_ptr<HttpEngine>> Libre(const LocalServer& server,
                                          std::uint32_t timeout_ms = 5000) {
  HttpEngineOptions options = Options(server.url() + "/lt", {"en", "vi", "pt", "zh-Hant"}, "k3y");
  options.timeout_ms = timeout_ms;
  return HttpEngine::Create(HttpApi::kLibreTranslate, options, FastHttp());
}

TEST(LibreTranslateEngine, SpeaksTheWireFormat) {
  LocalServer server;
  server.Answer(&LibreAnswer);
  auto engine = Libre(server);
  ASSERT_TRUE(engine) << engine.error().message;
  auto out = (*engine)->Translate("en", "pt-BR", {"hello " + Protect("$BTC") + " world"});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ((*out)[0], "HELLO " + Protect("$BTC") + " WORLD");
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].path, "/lt/translate");
  const auto body = boost::json::parse(seen[0].body).as_object();
  EXPECT_EQ(body.at("q").as_string(),
            "hello \xE2\x9F\xA6"
            "0\xE2\x9F\xA7 world");
  EXPECT_EQ(body.at("source").as_string(), "en");
  EXPECT_EQ(body.at("target").as_string(), "pb");  // LibreTranslate's Brazilian Portuguese
  EXPECT_EQ(body.at("format").as_string(), "text");
  EXPECT_EQ(body.at("api_key").as_string(), "k3y");
}

TEST(LibreTranslateEngine, OffersEveryOrderedPairOfItsLanguages) {
  LocalServer server;
  auto engine = Libre(server);
  ASSERT_TRUE(engine);
  const auto pairs = (*engine)->Pairs();
  EXPECT_EQ(pairs.size(), 15u);  // 4 × 3 ordered pairs, pt twice as a target (pt-PT, pt-BR)
  EXPECT_NE(std::find(pairs.begin(), pairs.end(),
                      std::make_pair(std::string("vi"), std::string("pt-PT"))),
            pairs.end());
}

TEST(LibreTranslateEngine, ServerErrorsAreRetriedThenUnavailable) {
  LocalServer server;
  server.Answer([](const SeenRequest&) { return http::JsonResponse(500, R"({"error":"boom"})"); });
  auto engine = Libre(server);
  ASSERT_TRUE(engine);
  auto out = (*engine)->Translate("en", "vi", {"hello"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, Errc::kUnavailable);
  EXPECT_NE(out.error().message.find("500"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 2u);  // the retry policy's two attempts
  EXPECT_EQ(out.error().message.find("k3y"), std::string::npos);
}

TEST(LibreTranslateEngine, GarbageAndEmptyAnswersAreFailures) {
  LocalServer server;
  for (std::string garbage :
       {"<html>oops</html>", R"({"translated":"x"})", R"({"translatedText":"   "})", R"([1,2)"}) {
    server.Answer([garbage](const SeenRequest&) { return http::JsonResponse(200, garbage); });
    auto engine = Libre(server);
    ASSERT_TRUE(engine);
    auto out = (*engine)->Translate("en", "vi", {"hello"});
    ASSERT_FALSE(out) << garbage;
    EXPECT_EQ(out.error().code, Errc::kUnavailable) << garbage;
  }
}

TEST(LibreTranslateEngine, LoneSurrogatesAndMarksInAnswersStaySafe) {
  LocalServer server;
  for (std::string answer :
       {R"({"translatedText":"a\ud800b"})", R"({"translatedText":"x\ue000y"})"}) {
    server.Answer([answer](const SeenRequest&) { return http::JsonResponse(200, answer); });
    auto engine = Libre(server);
    ASSERT_TRUE(engine);
    auto out = (*engine)->Translate("en", "vi", {"hello"});
    if (!out) {
      EXPECT_EQ(out.error().code, Errc::kUnavailable) << answer;
      continue;
    }
    // Whatever comes back is valid UTF-8 and cannot open a protected span.
    EXPECT_EQ(SanitizeText((*out)[0]), (*out)[0]) << answer;
  }
}

TEST(LibreTranslateEngine, ATimeoutIsAFailure) {
  LocalServer server;
  server.Answer(&LibreAnswer);
  server.HoldAnswers();
  auto engine = Libre(server, /*timeout_ms=*/200);
  ASSERT_TRUE(engine);
  auto out = (*engine)->Translate("en", "vi", {"hello"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, Errc::kUnavailable);
  EXPECT_NE(out.error().message.find("timeout"), std::string::npos) << out.error().message;
  server.Release();
}

TEST(LibreTranslateEngine, RefusesUrlsThatAreNotHttpRoots) {
  for (std::string url : {"file:///etc/passwd", "ftp://x.org", "http://user:pw@x.org", "x.org"}) {
    auto engine =
        HttpEngine::Create(HttpApi::kLibreTranslate, Options(url, {"en", "vi"}), FastHttp());
    EXPECT_FALSE(engine) << url;
  }
}

TEST(LibreTranslateEngine, PairsOutsideItsLanguagesAreRefusedBeforeAnyRequest) {
  LocalServer server;
  auto engine = Libre(server);
  ASSERT_TRUE(engine);
  auto out = (*engine)->Translate("en", "ja", {"hello"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(server.requests().empty());
}

TEST(PlaceholderSpans, DroppedOrDuplicatedPlaceholders) {
  std::vector<std::string> spans;
  const std::string text = ToPlaceholders("a " + Protect("X") + " b " + Protect("Y"), spans);
  EXPECT_EQ(text, "a ⟦0⟧ b ⟦1⟧");
  EXPECT_EQ(FromPlaceholders("B ⟦1⟧ A ⟦1⟧ ⟦7⟧ ⟦x⟧", spans),
            "B " + Protect("Y") + " A   ⟦x⟧ " + Protect("X"));
}

TEST(ChatEngine, SpeaksTheChatCompletionsFormat) {
  summarize::testing::FakeEndpoint endpoint;
  endpoint.Answer([](const summarize::testing::SeenRequest&) {
    return summarize::testing::CompletionAnswer("  Xin chào ⟦0⟧ thế giới \n");
  });
  auto engine = HttpEngine::Create(
      HttpApi::kChat, Options(endpoint.base_url(), {"en", "vi"}, "sk-1", "tiny"), FastHttp());
  ASSERT_TRUE(engine) << engine.error().message;
  auto out = (*engine)->Translate("en", "vi", {"Hello " + Protect("@bob") + " world"});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ((*out)[0], "Xin chào " + Protect("@bob") + " thế giới");
  const auto seen = endpoint.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].path, "/v1/chat/completions");
  EXPECT_EQ(seen[0].authorization, "Bearer sk-1");
  const auto body = boost::json::parse(seen[0].body).as_object();
  EXPECT_EQ(body.at("model").as_string(), "tiny");
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(std::string(messages[0].at("content").as_string()).find("Vietnamese"),
            std::string::npos);
  EXPECT_EQ(messages[1].at("content").as_string(), "Hello ⟦0⟧ world");
}

TEST(ChatEngine, ErrorsAndNeedsAModel) {
  summarize::testing::FakeEndpoint endpoint;
  endpoint.Answer([](const summarize::testing::SeenRequest&) {
    return summarize::testing::ErrorAnswer(503, "overloaded");
  });
  EXPECT_FALSE(
      HttpEngine::Create(HttpApi::kChat, Options(endpoint.base_url(), {"en", "vi"}), FastHttp()));
  auto engine = HttpEngine::Create(HttpApi::kChat,
                                   Options(endpoint.base_url(), {"en", "vi"}, "", "m"), FastHttp());
  ASSERT_TRUE(engine);
  auto out = (*engine)->Translate("vi", "en", {"xin chào"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, Errc::kUnavailable);
}

}  // namespace
}  // namespace plaza::translate
