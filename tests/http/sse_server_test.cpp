// Server-Sent Events end to end: the real server on 127.0.0.1 port 0, the in-process hub, and
// EventStreams on a test route; the test publishes directly.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "events/event_hub.hpp"
#include "http/server.hpp"
#include "http/sse.hpp"
#include "ops/metrics.hpp"
#include "sse_client.hpp"

namespace plaza::http {
namespace {

using namespace std::chrono_literals;
using testing::SseClient;
using testing::SseMessage;
using testing::StreamHead;

constexpr std::uint64_t kFirstId = 5'000'000;

// Waits for `condition` with a deadline (state that another thread changes, without an event
// to wait on).
template <typename Fn>
bool Eventually(Fn condition, std::chrono::milliseconds deadline = 10s) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

events::EventRenderer LocaleJson() {
  return [](const std::string& locale) { return "{\"locale\":\"" + locale + "\"}"; };
}

class SseServerTest : public ::testing::Test {
 protected:
  struct Setup {
    EventStreamOptions streams;
    events::InProcessHubOptions hub;
    ServerOptions server;
    Setup() {
      hub.first_id = kFirstId;
      hub.ring_size = 64;
      hub.max_pending_events = 64;
    }
  };

  void Start(Setup setup = Setup()) {
    setup.hub.metrics = &metrics_;
    hub_ = events::MakeInProcessHub(setup.hub);
    streams_ = std::make_unique<EventStreams>(*hub_, setup.streams, &metrics_);
    setup.server.host = "127.0.0.1";
    setup.server.port = 0;
    setup.server.handle_signals = false;
    server_ = std::make_unique<Server>(setup.server, &metrics_);
    server_->router().Add("GET", "/events", FastHandler([this](Request& request) {
                            return streams_->Open(request, request.Query("lang").value_or("en"));
                          }));
    auto listening = server_->Listen();
    ASSERT_TRUE(listening) << listening.error().message;
    run_done_ = run_promise_.get_future();
    thread_ = std::thread([this] {
      server_->Run();
      run_promise_.set_value();
    });
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
      server_.reset();
    }
  }

  // A client whose stream is open: head read, the retry message read (so it is subscribed).
  std::unique_ptr<SseClient> Open(const std::string& target, const std::string& headers = {}) {
    auto client = std::make_unique<SseClient>(server_->port());
    EXPECT_TRUE(client->connected());
    EXPECT_TRUE(client->Get(target, headers));
    auto head = client->ReadHead();
    EXPECT_TRUE(head.has_value());
    if (!head) return nullptr;
    EXPECT_EQ(head->status, 200) << head->body;
    auto retry = client->Next();
    EXPECT_TRUE(retry.has_value() && retry->retry.has_value());
    return client;
  }

  std::string Metric(const std::string& name) {
    std::string text = metrics_.Render();
    std::size_t at = text.find("\n" + name + " ");
    if (at == std::string::npos) return "";
    std::size_t start = at + name.size() + 2;
    return text.substr(start, text.find('\n', start) - start);
  }

  ops::Registry metrics_;
  std::unique_ptr<events::EventHub> hub_;
  std::unique_ptr<EventStreams> streams_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::promise<void> run_promise_;
  std::future<void> run_done_;
};

TEST_F(SseServerTest, StreamHasTheEventStreamHeadersAndStartsWithRetry) {
  Start();
  SseClient client(server_->port());
  ASSERT_TRUE(client.Get("/events?topics=post:1"));
  auto head = client.ReadHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-type"], "text/event-stream; charset=utf-8");
  EXPECT_EQ(head->headers["cache-control"], "no-store");
  EXPECT_EQ(head->headers["x-accel-buffering"], "no");
  EXPECT_EQ(head->headers["transfer-encoding"], "chunked");
  EXPECT_EQ(head->headers.count("content-length"), 0u);
  auto first = client.Next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->retry, 3000);
}

TEST_F(SseServerTest, PublishedEventArrivesRenderedForTheSubscribersLocale) {
  Start();
  auto fr = Open("/events?topics=post:1&lang=fr");
  auto ja = Open("/events?topics=ticker:BTC,post:1&lang=ja");
  ASSERT_TRUE(fr && ja);
  std::uint64_t id = hub_->Publish("post:1", "summary.ready", LocaleJson());
  auto got_fr = fr->Next();
  auto got_ja = ja->Next();
  ASSERT_TRUE(got_fr && got_ja);
  EXPECT_EQ(got_fr->id, std::to_string(id));
  EXPECT_EQ(got_fr->event, "summary.ready");
  EXPECT_EQ(got_fr->data, R"({"locale":"fr"})");
  EXPECT_EQ(got_ja->data, R"({"locale":"ja"})");
}

TEST_F(SseServerTest, OnlyTheSubscribedTopicsArrive) {
  Start();
  auto client = Open("/events?topics=post:2");
  ASSERT_TRUE(client);
  hub_->Publish("post:1", "a", LocaleJson());
  std::uint64_t mine = hub_->Publish("post:2", "b", LocaleJson());
  auto got = client->Next();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, std::to_string(mine));
}

TEST_F(SseServerTest, EventsPublishedFromSeveralThreadsArriveInIdOrder) {
  Setup setup;
  setup.server.io_threads = 2;
  setup.hub.max_pending_events = 1000;
  Start(setup);
  auto a = Open("/events?topics=post:1,post:2");
  auto b = Open("/events?topics=post:1,post:2");
  ASSERT_TRUE(a && b);
  std::vector<std::thread> publishers;
  for (int t = 0; t < 2; ++t) {
    publishers.emplace_back([this, t] {
      for (int i = 0; i < 100; ++i) hub_->Publish(t == 0 ? "post:1" : "post:2", "e", LocaleJson());
    });
  }
  for (auto& publisher : publishers) publisher.join();
  for (SseClient* client : {a.get(), b.get()}) {
    std::uint64_t previous = 0;
    for (int i = 0; i < 200; ++i) {
      auto got = client->Next();
      ASSERT_TRUE(got) << "event " << i;
      std::uint64_t id = std::stoull(got->id);
      EXPECT_GT(id, previous);
      previous = id;
    }
    EXPECT_EQ(previous, kFirstId + 199);
  }
}

TEST_F(SseServerTest, LastEventIdResumesWithTheLaterEventsInOrder) {
  Start();
  std::uint64_t seen = hub_->Publish("post:1", "e", LocaleJson());
  std::uint64_t b = hub_->Publish("post:1", "e", LocaleJson());
  hub_->Publish("post:9", "e", LocaleJson());
  std::uint64_t c = hub_->Publish("ticker:BTC", "e", LocaleJson());
  auto client =
      Open("/events?topics=post:1,ticker:BTC", "Last-Event-ID: " + std::to_string(seen) + "\r\n");
  ASSERT_TRUE(client);
  auto first = client->Next();
  auto second = client->Next();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->id, std::to_string(b));
  EXPECT_EQ(second->id, std::to_string(c));
  std::uint64_t d = hub_->Publish("post:1", "e", LocaleJson());
  auto third = client->Next();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->id, std::to_string(d));
}

TEST_F(SseServerTest, LastEventIdQueryParameterResumesToo) {
  Start();
  std::uint64_t seen = hub_->Publish("post:1", "e", LocaleJson());
  std::uint64_t next = hub_->Publish("post:1", "e", LocaleJson());
  auto client = Open("/events?topics=post:1&last_event_id=" + std::to_string(seen));
  ASSERT_TRUE(client);
  auto got = client->Next();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, std::to_string(next));
}

TEST_F(SseServerTest, ResumingPastTheRingSendsResyncWithTheNewestId) {
  Setup setup;
  setup.hub.ring_size = 2;
  Start(setup);
  std::uint64_t seen = hub_->Publish("post:1", "e", LocaleJson());
  std::uint64_t newest = 0;
  for (int i = 0; i < 4; ++i) newest = hub_->Publish("post:1", "e", LocaleJson());
  auto client = Open("/events?topics=post:1", "Last-Event-ID: " + std::to_string(seen) + "\r\n");
  ASSERT_TRUE(client);
  auto got = client->Next();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->event, "resync");
  EXPECT_EQ(got->data, "{}");
  EXPECT_EQ(got->id, std::to_string(newest));
  // Then the stream goes on.
  std::uint64_t after = hub_->Publish("post:1", "e", LocaleJson());
  auto next = client->Next();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, std::to_string(after));
}

TEST_F(SseServerTest, MalformedLastEventIdHeaderSendsResync) {
  Start();
  hub_->Publish("post:1", "e", LocaleJson());
  auto client = Open("/events?topics=post:1", "Last-Event-ID: not-a-number\r\n");
  ASSERT_TRUE(client);
  auto got = client->Next();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->event, "resync");
}

TEST_F(SseServerTest, IdleStreamGetsHeartbeats) {
  Setup setup;
  setup.streams.heartbeat_ms = 50;
  Start(setup);
  auto client = Open("/events?topics=post:1");
  ASSERT_TRUE(client);
  for (int i = 0; i < 2; ++i) {
    auto got = client->Next(5s);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->comment, "hb");
  }
}

TEST_F(SseServerTest, SlowClientIsDroppedWhileAFastOneReceivesEveryEvent) {
  Setup setup;
  setup.server.io_threads = 2;
  setup.hub.max_pending_events = 8;
  setup.streams.write_timeout_ms = 60'000;  // the pending bound must do it, not the timeout
  Start(setup);
  auto fast = Open("/events?topics=post:1");
  ASSERT_TRUE(fast);
  // Subscribes and never reads, with a small receive window.
  SseClient slow(server_->port(), 4096);
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.Get("/events?topics=post:1"));
  ASSERT_TRUE(Eventually([&] { return hub_->SubscriberCount() == 2; }));
  const std::string big(64 << 10, 'x');
  events::EventRenderer render = [&big](const std::string&) { return "\"" + big + "\""; };
  constexpr int kEvents = 300;  // ~19 MiB: far more than the socket buffers hold
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kEvents; ++i) {
    std::uint64_t id = hub_->Publish("post:1", "big", render);
    auto got = fast->Next(5s);
    ASSERT_TRUE(got) << "fast client, event " << i;
    ASSERT_EQ(got->id, std::to_string(id));
    ASSERT_EQ(got->data.size(), big.size() + 2);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
  EXPECT_TRUE(Eventually([&] { return hub_->SubscriberCount() == 1; }));
  EXPECT_TRUE(slow.WaitForEnd());
  EXPECT_EQ(Metric("plaza_event_clients_dropped_total"), "1");
}

TEST_F(SseServerTest, WriteStuckPastTheTimeoutDropsTheClient) {
  Setup setup;
  setup.hub.max_pending_events = 10'000;  // the timeout must do it, not the pending bound
  setup.streams.write_timeout_ms = 200;
  Start(setup);
  SseClient slow(server_->port(), 4096);
  ASSERT_TRUE(slow.Get("/events?topics=post:1"));
  ASSERT_TRUE(Eventually([&] { return hub_->SubscriberCount() == 1; }));
  const std::string big(64 << 10, 'x');
  for (int i = 0; i < 200; ++i) {
    hub_->Publish("post:1", "big", [&big](const std::string&) { return big; });
  }
  EXPECT_TRUE(Eventually([&] { return hub_->SubscriberCount() == 0; }));
  EXPECT_TRUE(slow.WaitForEnd());
  EXPECT_EQ(Metric("plaza_event_clients_dropped_total"), "1");
}

TEST_F(SseServerTest, ClientThatGoesAwayIsUnsubscribedWithoutAnyWrite) {
  Start();
  auto client = Open("/events?topics=post:1");
  ASSERT_TRUE(client);
  EXPECT_EQ(hub_->SubscriberCount(), 1);
  EXPECT_EQ(streams_->open_streams(), 1);
  client->Close();
  EXPECT_TRUE(Eventually([&] { return hub_->SubscriberCount() == 0; }));
  EXPECT_TRUE(Eventually([&] { return streams_->open_streams() == 0; }));
}

TEST_F(SseServerTest, StreamsOverTheCapGet503WithRetryAfter) {
  Setup setup;
  setup.streams.max_connections = 1;
  Start(setup);
  auto first = Open("/events?topics=post:1");
  ASSERT_TRUE(first);
  SseClient second(server_->port());
  ASSERT_TRUE(second.Get("/events?topics=post:1"));
  auto head = second.ReadHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 503);
  EXPECT_EQ(head->headers["retry-after"], "30");
  EXPECT_NE(head->body.find("\"code\":\"unavailable\""), std::string::npos) << head->body;
}

TEST_F(SseServerTest, StreamsOverThePerAddressCapGet429) {
  Setup setup;
  setup.streams.max_per_address = 2;
  Start(setup);
  auto a = Open("/events?topics=post:1");
  auto b = Open("/events?topics=post:1");
  ASSERT_TRUE(a && b);
  SseClient third(server_->port());
  ASSERT_TRUE(third.Get("/events?topics=post:1"));
  auto head = third.ReadHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 429);
  EXPECT_FALSE(head->headers["retry-after"].empty());
  EXPECT_NE(head->body.find("\"limit\":2"), std::string::npos) << head->body;
}

TEST_F(SseServerTest, AClosedStreamGivesBackItsPlaceUnderTheCap) {
  Setup setup;
  setup.streams.max_connections = 1;
  Start(setup);
  auto first = Open("/events?topics=post:1");
  ASSERT_TRUE(first);
  first->Close();
  ASSERT_TRUE(Eventually([&] { return streams_->open_streams() == 0; }));
  auto again = Open("/events?topics=post:1");
  EXPECT_TRUE(again);
}

TEST_F(SseServerTest, BadTopicsGet400InvalidArgument) {
  Start();
  for (std::string target :
       {"/events", "/events?topics=", "/events?topics=post:abc", "/events?topics=ticker:btc",
        "/events?topics=post:1,,post:2", "/events?topics=post:1&last_event_id=x"}) {
    SseClient client(server_->port());
    ASSERT_TRUE(client.Get(target));
    auto head = client.ReadHead();
    ASSERT_TRUE(head) << target;
    EXPECT_EQ(head->status, 400) << target;
    EXPECT_NE(head->body.find("\"code\":\"invalid_argument\""), std::string::npos) << target;
  }
  EXPECT_EQ(hub_->SubscriberCount(), 0);
}

TEST_F(SseServerTest, StopEndsOpenStreamsAtOnce) {
  Setup setup;
  setup.server.shutdown_grace_ms = 60'000;  // a stream that held up Stop() would show
  Start(setup);
  auto client = Open("/events?topics=post:1");
  ASSERT_TRUE(client);
  auto stopped_at = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_TRUE(client->WaitForEnd(5s));
  EXPECT_TRUE(client->ended_cleanly());
  EXPECT_EQ(run_done_.wait_for(5s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, 5s);
}

TEST_F(SseServerTest, HeadGetsTheHeadWithoutAStream) {
  Start();
  SseClient client(server_->port());
  ASSERT_TRUE(client.Get("/events?topics=post:1", {}, false, "HEAD"));
  auto head = client.ReadHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-type"], "text/event-stream; charset=utf-8");
  EXPECT_TRUE(client.WaitForEnd());
  EXPECT_EQ(hub_->SubscriberCount(), 0);
}

TEST_F(SseServerTest, Http10StreamIsDelimitedByClosing) {
  Start();
  SseClient client(server_->port());
  ASSERT_TRUE(client.Get("/events?topics=post:1", {}, /*http10=*/true));
  auto head = client.ReadHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.count("transfer-encoding"), 0u);
  EXPECT_EQ(head->headers.count("content-length"), 0u);
  EXPECT_EQ(head->headers["connection"], "close");
  auto retry = client.Next();
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->retry, 3000);
  std::uint64_t id = hub_->Publish("post:1", "e", LocaleJson());
  auto got = client.Next();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, std::to_string(id));
}

}  // namespace
}  // namespace plaza::http
