// Issue 12 ("trust"), what a black-box probe of the server found: request smuggling through
// Transfer-Encoding, obs-fold, bare-LF chunk lines, the 414, slowloris connections, the
// untrusted-proxy warning and the render pool. The real server on 127.0.0.1, port 0, raw bytes.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "http/handler.hpp"
#include "http/server.hpp"
#include "test_client.hpp"

namespace plaza::http {
namespace {

using testing::TestClient;

// How many HTTP responses a byte stream holds.
int CountResponses(const std::string& bytes) {
  int n = 0;
  for (std::size_t at = bytes.find("HTTP/1.1 "); at != std::string::npos;
       at = bytes.find("HTTP/1.1 ", at + 1)) {
    ++n;
  }
  return n;
}

class ServerTrustTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.handle_signals = false;
    server_ = std::make_unique<Server>(options);
    AddRoutes(server_->router());
    auto listening = server_->Listen();
    ASSERT_TRUE(listening) << listening.error().message;
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    release_.set_value();  // a test that did not release the render jobs
    if (server_) {
      server_->Stop();
      thread_.join();
      server_.reset();  // joins the pools while the promises they wait on still live
    }
  }

  void AddRoutes(Router& router) {
    router.Add("GET", "/hello", FastHandler([](Request&) {
                 Response response;
                 response.body = "hello";
                 return response;
               }));
    router.Add("POST", "/echo", Handler([](Request& request) -> boost::asio::awaitable<Response> {
                 Response response;
                 response.body = "echo:" + request.body;
                 co_return response;
               }));
    // A store read: on the worker pool, like /healthz.
    router.Add("GET", "/read", Handler([this](Request&) -> boost::asio::awaitable<Response> {
                 Response response;
                 response.body =
                     co_await RunBlocking(server_->workers(), [] { return std::string("read"); });
                 co_return response;
               }));
    // Heavy rendering: on the render pool, held until the test releases it.
    router.Add("POST", "/render", Handler([this](Request&) -> boost::asio::awaitable<Response> {
                 co_await RunBlocking(server_->render_workers(), [this] {
                   if (++rendering_ == 2) both_rendering_.set_value();
                   released_.wait();
                 });
                 Response response;
                 response.body = "rendered";
                 co_return response;
               }));
  }

  // Sends `request` and returns everything the server answers before it closes.
  std::string Exchange(const std::string& request) {
    TestClient client(server_->port());
    EXPECT_TRUE(client.connected());
    EXPECT_TRUE(client.Send(request));
    auto bytes = client.ReadUntilClose();
    EXPECT_TRUE(bytes.has_value()) << "the server kept the connection open";
    return bytes.value_or("");
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int> rendering_{0};
  std::promise<void> both_rendering_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
};

// ---- finding 1: Transfer-Encoding

struct CodingCase {
  const char* transfer_encoding;
  int status;
};

TEST_F(ServerTrustTest, UnacceptableTransferCodingsAreRefusedAndNeverSmuggleARequest) {
  Start();
  const CodingCase cases[] = {
      {"xchunked", 400},          {"gzip", 400},
      {"identity", 400},          {"\"chunked\"", 400},
      {"chunked, identity", 400}, {"chunked, gzip", 400},
      {"chunked, chunked", 400},  {"", 400},
      {"gzip, chunked", 501},
  };
  for (const CodingCase& c : cases) {
    // The probe's shape: a second request hidden where the body would be.
    std::string bytes = Exchange(std::string("POST /echo HTTP/1.1\r\nHost: x\r\n") +
                                 "Transfer-Encoding: " + c.transfer_encoding +
                                 "\r\n\r\n"
                                 "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    SCOPED_TRACE(c.transfer_encoding);
    EXPECT_EQ(CountResponses(bytes), 1) << bytes;
    EXPECT_TRUE(bytes.starts_with("HTTP/1.1 " + std::to_string(c.status))) << bytes;
    EXPECT_EQ(bytes.find("hello"), std::string::npos);
    EXPECT_NE(bytes.find("Connection: close"), std::string::npos);
  }
}

TEST_F(ServerTrustTest, TransferCodingSplitOverTwoLinesIsJudgedAsOneList) {
  Start();
  std::string bytes = Exchange(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Transfer-Encoding: identity\r\n\r\n"
      "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(CountResponses(bytes), 1) << bytes;
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 400")) << bytes;
}

TEST_F(ServerTrustTest, TransferEncodingWithContentLengthIsRefusedInEitherOrder) {
  Start();
  for (const char* fields : {"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n",
                             "Content-Length: 5\r\nTransfer-Encoding: gzip\r\n",
                             "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"}) {
    std::string bytes = Exchange(std::string("POST /echo HTTP/1.1\r\nHost: x\r\n") + fields +
                                 "\r\nhello"
                                 "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    SCOPED_TRACE(fields);
    EXPECT_EQ(CountResponses(bytes), 1) << bytes;
    EXPECT_TRUE(bytes.starts_with("HTTP/1.1 400")) << bytes;
  }
}

TEST_F(ServerTrustTest, TransferEncodingInAnHttp10RequestIsRefused) {
  Start();
  std::string bytes =
      Exchange("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 400")) << bytes;
  EXPECT_EQ(bytes.find("echo:"), std::string::npos);
}

TEST_F(ServerTrustTest, ASingleChunkedCodingStillWorksInAnyCase) {
  Start();
  TestClient client(server_->port());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
                  "5\r\nhello\r\n0\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(response->body(), "echo:hello");
}

TEST_F(ServerTrustTest, AChunkSizeLineEndingInABareLfIsRefusedAtOnce) {
  ServerOptions options;
  options.body_timeout_ms = 3'600'000;  // a wait for the timeout would outlast the test
  Start(options);
  TestClient client(server_->port());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 400);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTrustTest, ABareLfAfterChunkDataIsRefusedAtOnce) {
  ServerOptions options;
  options.body_timeout_ms = 3'600'000;
  Start(options);
  TestClient client(server_->port());
  // A first chunk that is fine, then a second size line split across two sends.
  ASSERT_TRUE(client.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3"));
  ASSERT_TRUE(client.Send("\nabc"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 400);
}

// ---- finding 1: the header

TEST_F(ServerTrustTest, ObsFoldIsRefused) {
  Start();
  for (const char* fields : {"X-Note: a\r\n b\r\n", "Content-Length:\r\n 5\r\n",
                             "Content-Length: 5\r\n\t\r\n", "X-Note:\r\n\tb\r\n"}) {
    std::string bytes =
        Exchange(std::string("POST /echo HTTP/1.1\r\nHost: x\r\n") + fields + "\r\nhello");
    SCOPED_TRACE(fields);
    EXPECT_TRUE(bytes.starts_with("HTTP/1.1 400")) << bytes;
    EXPECT_EQ(bytes.find("echo:"), std::string::npos);
  }
}

TEST_F(ServerTrustTest, AHeaderLineEndingInABareLfIsRefusedAtOnce) {
  ServerOptions options;
  options.header_timeout_ms = 3'600'000;
  Start(options);
  std::string bytes = Exchange("GET /hello HTTP/1.1\r\nHost: x\n\n");
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 400")) << bytes;
}

TEST_F(ServerTrustTest, ARequestLineOverTheLimitGets414) {
  Start();
  std::string target = "/hello?q=" + std::string(20 * 1024, 'a');
  std::string bytes = Exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 414")) << bytes.substr(0, 200);
}

TEST_F(ServerTrustTest, ARequestLineOverTheLimitGets414BeforeItEnds) {
  Start();
  // No CRLF at all yet: the answer does not wait for one.
  std::string bytes = Exchange("GET /hello?q=" + std::string(20 * 1024, 'a'));
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 414")) << bytes.substr(0, 200);
}

TEST_F(ServerTrustTest, LargeHeaderFieldsStillGet431) {
  Start();
  std::string bytes = Exchange(
      "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 431")) << bytes.substr(0, 200);
}

// ---- slowloris

TEST_F(ServerTrustTest, SlowlorisConnectionsCloseAtTheHeaderTimeoutWhilePagesAnswer) {
  ServerOptions options;
  options.header_timeout_ms = 300;
  Start(options);
  std::vector<std::unique_ptr<TestClient>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<TestClient>(server_->port()));
    ASSERT_TRUE(slow.back()->Send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  }
  // Trickle a byte on each open slow connection, read a page in between, until the server has
  // closed them all. Each close must be silent (a timeout, not a 431 for a header grown too
  // large) and every page must answer.
  int pages = 0;
  std::vector<bool> closed(slow.size(), false);
  std::size_t open = slow.size();
  auto guard = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (open > 0 && std::chrono::steady_clock::now() < guard) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (closed[i]) continue;
      if (slow[i]->ClosedSilently()) {
        closed[i] = true;
        --open;
        continue;
      }
      slow[i]->Send("a");  // fails once the server is gone; ClosedSilently() then says so
    }
    TestClient reader(server_->port());
    auto page = reader.Request("GET", "/read");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->body(), "read");
    ++pages;
  }
  EXPECT_EQ(open, 0u) << "slow connections still open";
  EXPECT_GT(pages, 0);
  TestClient after(server_->port());
  auto page = after.Request("GET", "/hello");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body(), "hello");
}

// ---- finding 8: the untrusted proxy warning

class LogCapture {
 public:
  LogCapture()
      : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64)),
        previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  int Count(std::string_view text) {
    int n = 0;
    for (const std::string& line : sink_->last_formatted()) {
      if (line.find(text) != std::string::npos) ++n;
    }
    return n;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(ServerTrustTest, ForwardedForFromAnUntrustedLoopbackPeerIsWarnedAboutOnce) {
  LogCapture log;
  Start();
  TestClient client(server_->port());
  ASSERT_TRUE(client.Request("GET", "/hello"));
  EXPECT_EQ(log.Count("trusted_proxies"), 0);  // no X-Forwarded-For: nothing to say
  for (int i = 0; i < 3; ++i) {
    TestClient proxied(server_->port());
    ASSERT_TRUE(proxied.Request("GET", "/hello", {}, "X-Forwarded-For: 203.0.113.7\r\n"));
  }
  EXPECT_EQ(log.Count("not in server.trusted_proxies"), 1);
}

TEST_F(ServerTrustTest, ForwardedForFromATrustedProxyIsNotWarnedAbout) {
  LogCapture log;
  ServerOptions options;
  options.trusted_proxies = {"127.0.0.1"};
  Start(options);
  TestClient client(server_->port());
  ASSERT_TRUE(client.Request("GET", "/hello", {}, "X-Forwarded-For: 203.0.113.7\r\n"));
  EXPECT_EQ(log.Count("trusted_proxies"), 0);
}

// ---- finding 3: rendering off the pool that serves reads

TEST_F(ServerTrustTest, StoreReadsAnswerWhileTheRenderPoolIsSaturated) {
  ServerOptions options;
  options.worker_threads = 1;
  options.render_threads = 2;
  Start(options);
  // Four heavy jobs: two hold both render threads, two wait in its queue.
  std::vector<std::unique_ptr<TestClient>> heavy;
  for (int i = 0; i < 4; ++i) {
    heavy.push_back(std::make_unique<TestClient>(server_->port()));
    ASSERT_TRUE(
        heavy.back()->Send("POST /render HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  }
  ASSERT_EQ(both_rendering_.get_future().wait_for(testing::kDeadline), std::future_status::ready);
  for (int i = 0; i < 3; ++i) {
    TestClient reader(server_->port());
    auto read = reader.Request("GET", "/read");
    ASSERT_TRUE(read);
    EXPECT_EQ(read->body(), "read");
  }
  release_.set_value();
  release_ = std::promise<void>();  // TearDown releases again: give it a fresh promise
  for (auto& client : heavy) {
    auto response = client->Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body(), "rendered");
  }
}

}  // namespace
}  // namespace plaza::http
