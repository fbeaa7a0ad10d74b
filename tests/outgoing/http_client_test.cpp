// The outgoing HTTP client against servers the tests start on 127.0.0.1 (port 0): what it sends,
// when it retries and how long it waits (an injected sleeper and clock: no real waits), the
// size cap, the base-URL allow-list, refused redirects and proxies.

#include "outgoing/http_client.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "outgoing/local_server.hpp"
#include "outgoing/recording_sleeper.hpp"

namespace plaza::outgoing {
namespace {

using std::chrono::milliseconds;
using testing::ClosedPort;
using testing::LocalServer;
using testing::RecordingSleeper;
using testing::SeenRequest;

constexpr const char* kSecret = "Bearer sk-never-shown";

http::Response Answer(int status, std::string body = "", std::string retry_after = "") {
  http::Response response;
  response.status = status;
  response.content_type = "text/plain";
  response.body = std::move(body);
  if (!retry_after.empty()) response.Header("Retry-After", std::move(retry_after));
  return response;
}

class OutgoingHttpClient : public ::testing::Test {
 protected:
  OutgoingOptions Options() const {
    OutgoingOptions options;
    options.timeout_ms = 10'000;  // a safety net: tests that time out on purpose set their own
    options.retry.backoff_initial_ms = 100;
    options.retry.backoff_max_ms = 400;
    return options;
  }

  std::unique_ptr<HttpClient> Client(OutgoingOptions options, std::vector<std::string> bases) {
    auto client =
        HttpClient::Create("test", std::move(bases), std::move(options), {&sleeper_, &clock_});
    EXPECT_TRUE(client) << client.error().message;
    return client ? std::move(*client) : nullptr;
  }
  std::unique_ptr<HttpClient> Client(OutgoingOptions options) {
    return Client(std::move(options), {server_.url() + "/api"});
  }
  std::unique_ptr<HttpClient> Client() { return Client(Options()); }

  Request Get(std::string path) {
    Request request;
    request.url = server_.url() + path;
    request.headers = {{"Authorization", kSecret}};
    return request;
  }

  // Answers `first` to the first `times` requests, then 200 "done".
  void FailFirst(int times, std::function<http::Response()> first) {
    server_.Answer([this, times, first](const SeenRequest&) {
      return calls_++ < times ? first() : Answer(200, "done");
    });
  }

  ManualClock clock_;
  RecordingSleeper sleeper_{&clock_};
  LocalServer server_;
  std::atomic<int> calls_ = 0;
};

TEST_F(OutgoingHttpClient, SendsMethodHeadersAndBodyAndReturnsTheAnswer) {
  server_.Answer([](const SeenRequest& seen) {
    http::Response response = Answer(201, "echo:" + seen.body);
    response.Header("X-Request-Cost", "3");
    return response;
  });
  Request request = Get("/api/orders?symbol=BTC_USDT");
  request.method = "POST";
  request.headers.push_back({"Content-Type", "application/json"});
  request.body = R"({"side":"buy"})";
  auto response = Client()->Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"(echo:{"side":"buy"})");
  EXPECT_EQ(response->HeaderValue("x-request-cost"), "3");
  EXPECT_EQ(response->attempts, 1);
  const auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/api/orders?symbol=BTC_USDT");
  EXPECT_EQ(seen[0].Header("authorization"), kSecret);
  EXPECT_EQ(seen[0].Header("content-type"), "application/json");
  EXPECT_TRUE(sleeper_.waits().empty());
}

TEST_F(OutgoingHttpClient, ClientErrorsAreReturnedWithoutRetry) {
  server_.Answer([](const SeenRequest&) { return Answer(404, "no such pair"); });
  auto response = Client()->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "no such pair");
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(sleeper_.waits().empty());
}

TEST_F(OutgoingHttpClient, ServerErrorsAreRetriedWithGrowingJitteredBackoff) {
  FailFirst(2, [] { return Answer(503, "busy"); });
  auto response = Client()->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "done");
  EXPECT_EQ(response->attempts, 3);
  EXPECT_EQ(server_.requests().size(), 3u);
  const auto waits = sleeper_.waits();
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_GE(waits[0], milliseconds(50));  // within [initial/2, initial]
  EXPECT_LE(waits[0], milliseconds(100));
  EXPECT_GE(waits[1], milliseconds(100));  // doubled
  EXPECT_LE(waits[1], milliseconds(200));
}

TEST_F(OutgoingHttpClient, RequestTimeoutAnswerIsRetried) {
  FailFirst(1, [] { return Answer(408); });
  auto response = Client()->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->attempts, 2);
}

TEST_F(OutgoingHttpClient, GivesUpAfterTheConfiguredAttemptsWithTheLastAnswer) {
  server_.Answer([](const SeenRequest&) { return Answer(500, "broken"); });
  OutgoingOptions options = Options();
  options.retry.max_attempts = 5;
  auto response = Client(options)->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "broken");
  EXPECT_EQ(response->attempts, 5);
  EXPECT_EQ(server_.requests().size(), 5u);
  const auto waits = sleeper_.waits();
  ASSERT_EQ(waits.size(), 4u);
  EXPECT_LE(waits[3], milliseconds(400));  // capped at backoff_max_ms
  EXPECT_GE(waits[3], milliseconds(200));
}

TEST_F(OutgoingHttpClient, PerCallRetryPolicyWinsOverTheClients) {
  server_.Answer([](const SeenRequest&) { return Answer(502); });
  Request request = Get("/api/ticker");
  RetryPolicy once;
  once.max_attempts = 1;
  request.options.retry = once;
  auto response = Client()->Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 502);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(OutgoingHttpClient, RetryAfterSecondsIsWaitedAsAsked) {
  FailFirst(1, [] { return Answer(429, "slow down", "3"); });
  auto response = Client()->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  ASSERT_EQ(sleeper_.waits().size(), 1u);
  EXPECT_EQ(sleeper_.waits()[0], milliseconds(3000));  // not the 100 ms backoff
}

TEST_F(OutgoingHttpClient, RetryAfterDateIsReadAgainstTheInjectedClock) {
  const std::string date = FormatHttpDate(clock_.Now() + 7 * kMicrosPerSecond);
  FailFirst(1, [date] { return Answer(503, "maintenance", date); });
  auto response = Client()->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  ASSERT_EQ(sleeper_.waits().size(), 1u);
  EXPECT_EQ(sleeper_.waits()[0], milliseconds(7000));
}

TEST_F(OutgoingHttpClient, RetryAfterBeyondItsCapReturnsTheAnswerAtOnce) {
  server_.Answer([](const SeenRequest&) { return Answer(429, "come back tomorrow", "86400"); });
  auto response = Client()->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(response->HeaderValue("retry-after"), "86400");
  EXPECT_EQ(response->attempts, 1);
  EXPECT_TRUE(sleeper_.waits().empty());
}

TEST_F(OutgoingHttpClient, SlowServerTimesOutAndTimeoutsAreRetried) {
  server_.HoldAnswers();
  OutgoingOptions options = Options();
  options.timeout_ms = 300;
  options.connect_timeout_ms = 300;
  options.retry.max_attempts = 2;
  auto result = Client(options)->Send(Get("/api/ticker"));
  ASSERT_EQ(server_.arrived().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kUnavailable);
  EXPECT_NE(result.error().message.find("within 300 ms (timeout)"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("(2 attempts)"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(result.error().message.find("sk-never-shown"), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(OutgoingHttpClient, PerCallTimeoutWithoutTimeoutRetries) {
  server_.HoldAnswers();
  Request request = Get("/api/ticker");
  request.options.timeout_ms = 200;
  RetryPolicy policy;
  policy.retry_timeouts = false;
  request.options.retry = policy;
  auto result = Client()->Send(request);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("within 200 ms (timeout)"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(sleeper_.waits().empty());
}

TEST_F(OutgoingHttpClient, RefusedConnectionIsRetriedThenReported) {
  const std::string base = "http://127.0.0.1:" + std::to_string(ClosedPort());
  OutgoingOptions options = Options();
  options.retry.max_attempts = 3;
  Request request;
  request.url = base + "/api/ticker";
  auto result = Client(options, {base + "/api"})->Send(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kUnavailable);
  EXPECT_NE(result.error().message.find("cannot connect"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("(3 attempts)"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(sleeper_.waits().size(), 2u);
}

TEST_F(OutgoingHttpClient, BodyPastTheCapAbortsTheTransferWithoutRetry) {
  server_.Answer([](const SeenRequest&) { return Answer(200, std::string(10'000, 'x')); });
  OutgoingOptions options = Options();
  options.max_response_bytes = 4096;
  auto result = Client(options)->Send(Get("/api/candles"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kUnavailable);
  EXPECT_NE(result.error().message.find("larger than 4096 bytes"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(server_.requests().size(), 1u);

  // The cap is inclusive, and a call may set its own.
  Request request = Get("/api/candles");
  request.options.max_response_bytes = 10'000;
  auto exact = Client(options)->Send(request);
  ASSERT_TRUE(exact) << exact.error().message;
  EXPECT_EQ(exact->body.size(), 10'000u);
}

TEST_F(OutgoingHttpClient, UrlsOutsideTheBasesAreRefusedBeforeAnyConnection) {
  LocalServer other;
  auto client = Client();
  const std::string self = server_.url();
  for (const std::string& url : std::vector<std::string>{
           other.url() + "/api/ticker",                                      // another port
           "http://localhost:" + std::to_string(server_.port()) + "/api/x",  // another host name
           self + "/apis/ticker",       // a sibling of the base path
           self + "/admin",             // outside the base path
           self + "/api/../admin",      // climbing out
           self + "/api/%2e%2e/admin",  // climbing out, encoded
           "https://127.0.0.1:" + std::to_string(server_.port()) + "/api/x",  // another scheme
           "http://user:pw@127.0.0.1:" + std::to_string(server_.port()) + "/api/x",
           std::string("ftp://127.0.0.1/api/x"),
           std::string("not a url"),
       }) {
    Request request;
    request.url = url;
    auto result = client->Send(request);
    ASSERT_FALSE(result) << url;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << url;
    EXPECT_EQ(result.error().message.find("pw@"), std::string::npos) << result.error().message;
  }
  EXPECT_TRUE(server_.requests().empty());
  EXPECT_TRUE(other.requests().empty());

  // The base itself and what lies below it are fine.
  Request inside;
  inside.url = self + "/api";
  EXPECT_TRUE(client->Send(inside));
  inside.url = self + "/api/v2/../ticker";
  EXPECT_TRUE(client->Send(inside));
  const auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].path, "/api/ticker");
}

TEST_F(OutgoingHttpClient, RedirectToAnotherHostIsNotFollowed) {
  LocalServer other;
  server_.Answer([&other](const SeenRequest&) {
    http::Response response = Answer(302);
    response.Header("Location", other.url() + "/api/ticker");
    return response;
  });
  auto result = Client()->Send(Get("/api/ticker"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  EXPECT_NE(
      result.error().message.find("redirect to http://127.0.0.1:" + std::to_string(other.port())),
      std::string::npos)
      << result.error().message;
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(other.requests().empty());
}

TEST_F(OutgoingHttpClient, SameOriginRedirectIsNotFollowedEither) {
  server_.Answer([](const SeenRequest& seen) {
    if (seen.path == "/api/new") return Answer(200, "moved here");
    http::Response response = Answer(301);
    response.Header("Location", "/api/new");
    return response;
  });
  auto result = Client()->Send(Get("/api/old"));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("redirects are not followed"), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(OutgoingHttpClient, HeaderWithALineBreakIsRefused) {
  Request request = Get("/api/ticker");
  request.headers.push_back({"X-Key", "abc\r\nX-Injected: 1"});
  auto result = Client()->Send(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(result.error().message.find("abc"), std::string::npos);  // values are never quoted
  EXPECT_TRUE(server_.requests().empty());
}

// The proxy: a local server that records the request line of what it is asked to forward, and
// answers itself. The upstream host does not exist: only the proxy can have answered.
TEST_F(OutgoingHttpClient, HttpRequestsGoThroughTheConfiguredProxy) {
  LocalServer proxy;
  proxy.Answer([](const SeenRequest&) { return Answer(200, "via proxy"); });
  OutgoingOptions options = Options();
  options.http_proxy = proxy.url();
  auto client = Client(options, {"http://upstream.invalid/api"});
  Request request;
  request.url = "http://upstream.invalid/api/ticker?pair=BTC_USDT";
  request.headers = {{"Authorization", kSecret}};
  auto response = client->Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "via proxy");
  const auto seen = proxy.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "http://upstream.invalid/api/ticker?pair=BTC_USDT");
  EXPECT_EQ(seen[0].Header("host"), "upstream.invalid");
}

TEST_F(OutgoingHttpClient, NoProxyHostsAreReachedDirectly) {
  LocalServer proxy;
  OutgoingOptions options = Options();
  options.http_proxy = proxy.url();
  options.no_proxy = "localhost,127.0.0.1";
  auto response = Client(options)->Send(Get("/api/ticker"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(proxy.requests().empty());
}

TEST_F(OutgoingHttpClient, ProxyEnvironmentVariablesAreNotRead) {
  LocalServer proxy;
  ::setenv("http_proxy", proxy.url().c_str(), 1);
  auto response = Client()->Send(Get("/api/ticker"));
  ::unsetenv("http_proxy");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(proxy.requests().empty());
}

TEST_F(OutgoingHttpClient, CreateRefusesUnusableBasesAndOptions) {
  EXPECT_FALSE(HttpClient::Create("test", {}, {}));
  EXPECT_FALSE(HttpClient::Create("test", {"ftp://example.com/"}, {}));
  EXPECT_FALSE(HttpClient::Create("test", {"https://key:secret@example.com/"}, {}));
  OutgoingOptions options;
  options.retry.max_attempts = 0;
  auto result = HttpClient::Create("test", {"https://example.com/api"}, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "http_client.max_attempts");
}

}  // namespace
}  // namespace plaza::outgoing
