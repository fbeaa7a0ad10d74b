// PostJson (src/outgoing/json_post.hpp) against a server the test starts on 127.0.0.1: what it
// sends, which statuses are worth trying again, and a secret never quoted in an error.

#include "outgoing/json_post.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "http/message.hpp"
#include "outgoing/local_server.hpp"
#include "outgoing/recording_sleeper.hpp"

namespace plaza::outgoing {
namespace {

using testing::LocalServer;
using testing::RecordingSleeper;
using testing::SeenRequest;

constexpr const char* kKey = "sk-never-shown";

class OutgoingPostJson : public ::testing::Test {
 protected:
  void SetUp() override {
    OutgoingOptions options;
    options.timeout_ms = 10'000;
    options.retry.max_attempts = 2;
    auto client =
        HttpClient::Create("test", {server_.url() + "/v1"}, options, {&sleeper_, &clock_});
    ASSERT_TRUE(client) << client.error().message;
    client_ = std::move(*client);
    post_.url = server_.url() + "/v1/chat";
    post_.bearer_token = kKey;
    post_.secret = kKey;
    post_.answered_by = "llm: the endpoint";
  }

  LocalServer server_;
  RecordingSleeper sleeper_;
  ManualClock clock_;
  std::unique_ptr<HttpClient> client_;
  JsonPost post_;
};

TEST_F(OutgoingPostJson, SendsJsonWithTheBearerTokenAndReturnsA2xxBody) {
  server_.Answer([](const SeenRequest&) { return http::JsonResponse(200, R"({"ok":true})"); });
  auto body = PostJson(*client_, post_, R"({"q":"hello"})");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(*body, R"({"ok":true})");
  const auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].path, "/v1/chat");
  EXPECT_EQ(seen[0].body, R"({"q":"hello"})");
  EXPECT_EQ(seen[0].Header("content-type"), "application/json");
  EXPECT_EQ(seen[0].Header("accept"), "application/json");
  EXPECT_EQ(seen[0].Header("authorization"), std::string("Bearer ") + kKey);
}

TEST_F(OutgoingPostJson, NoTokenNoAuthorizationHeader) {
  post_.bearer_token.clear();
  auto body = PostJson(*client_, post_, "{}");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(server_.requests().at(0).Header("authorization"), "");
}

TEST_F(OutgoingPostJson, ServerErrorsAreUnavailableWithTheDetailAndNoSecret) {
  server_.Answer([](const SeenRequest&) {
    return http::JsonResponse(503, std::string(R"({"error":"overloaded, key )") + kKey + "\"}");
  });
  post_.error_detail = [](std::string_view body) { return std::string(body); };
  auto body = PostJson(*client_, post_, "{}");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, Errc::kUnavailable);
  const std::string& message = body.error().message;
  EXPECT_TRUE(message.starts_with("llm: the endpoint answered HTTP 503: ")) << message;
  EXPECT_NE(message.find("overloaded"), std::string::npos) << message;
  EXPECT_NE(message.find("(2 attempts)"), std::string::npos) << message;
  EXPECT_EQ(message.find(kKey), std::string::npos) << message;
  EXPECT_NE(message.find("***"), std::string::npos) << message;
}

TEST_F(OutgoingPostJson, ClientErrorsNeedASettingChanged) {
  for (int status : {400, 401, 404}) {
    server_.Answer([status](const SeenRequest&) { return http::JsonResponse(status, "{}"); });
    auto body = PostJson(*client_, post_, "{}");
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().code, Errc::kInvalidArgument) << status;
    EXPECT_EQ(body.error().message, "llm: the endpoint answered HTTP " + std::to_string(status));
  }
  for (int status : {408, 429}) {
    server_.Answer([status](const SeenRequest&) { return http::JsonResponse(status, "{}"); });
    auto body = PostJson(*client_, post_, "{}");
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().code, Errc::kUnavailable) << status;
  }
}

TEST_F(OutgoingPostJson, AUrlOutsideTheClientsBasesIsRefused) {
  post_.url = server_.url() + "/elsewhere";
  auto body = PostJson(*client_, post_, "{}");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(server_.requests().empty());
}

TEST(OutgoingRedactSecret, ReplacesEveryOccurrence) {
  EXPECT_EQ(RedactSecret("a KEY b KEY", "KEY"), "a *** b ***");
  EXPECT_EQ(RedactSecret("nothing", ""), "nothing");
}

}  // namespace
}  // namespace plaza::outgoing
