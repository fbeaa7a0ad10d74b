// The pieces of Server-Sent Events that need no socket: topics, the wire format, the head of a
// streamed response, and the caps of EventStreams::Open.

#include "http/sse.hpp"

#include <gtest/gtest.h>

#include "events/event_hub.hpp"
#include "http/wire.hpp"
#include "sse_client.hpp"

namespace plaza::http {
namespace {

using testing::ParseSse;

TEST(ParseEventTopics, AcceptsPostsTickersAndUsers) {
  auto topics = ParseEventTopics("post:123,ticker:BTC,user:alice_01,ticker:1INCH");
  ASSERT_TRUE(topics) << topics.error().message;
  EXPECT_EQ(*topics,
            (std::vector<std::string>{"post:123", "ticker:BTC", "user:alice_01", "ticker:1INCH"}));
}

TEST(ParseEventTopics, RejectsMalformedTopics) {
  for (const std::string& list : std::vector<std::string>{"",
                                                          "post:",
                                                          "post:0",
                                                          "post:012",
                                                          "post:12a",
                                                          "post:12345678901234567890",
                                                          "ticker:",
                                                          "ticker:btc",
                                                          "ticker:ABCDEFGHIJKLMNOP",
                                                          "ticker:BT-C",
                                                          "user:al",
                                                          "user:Alice",
                                                          "user:" + std::string(31, 'a'),
                                                          "comment:1",
                                                          "post:1,",
                                                          ",post:1",
                                                          "post:1,,post:2",
                                                          " post:1",
                                                          "post:1\n",
                                                          "POST:1"}) {
    auto topics = ParseEventTopics(list);
    ASSERT_FALSE(topics) << "accepted \"" << list << "\"";
    EXPECT_EQ(topics.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(topics.error().field, "topics");
  }
}

TEST(ParseEventTopics, AcceptsUpToTheLimitAndRejectsMore) {
  std::string list;
  for (std::size_t i = 1; i <= kMaxEventTopics; ++i) {
    if (i > 1) list += ",";
    list += "post:" + std::to_string(i);
  }
  EXPECT_TRUE(ParseEventTopics(list));
  auto over = ParseEventTopics(list + ",post:999");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().limit, static_cast<long long>(kMaxEventTopics));
}

TEST(AppendSseEvent, WritesIdEventAndData) {
  std::string out;
  AppendSseEvent(out, 42, "summary.ready", R"({"a":1})");
  EXPECT_EQ(out, "id: 42\nevent: summary.ready\ndata: {\"a\":1}\n\n");
}

TEST(AppendSseEvent, SplitsDataOnEveryKindOfLineEnd) {
  std::string out;
  AppendSseEvent(out, 1, "t", "a\nb\r\nc\rd");
  EXPECT_EQ(out, "id: 1\nevent: t\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  auto messages = ParseSse(out);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].data, "a\nb\nc\nd");
}

TEST(AppendSseEvent, KeepsLineEndsOutOfTheEventType) {
  std::string out;
  AppendSseEvent(out, 1, "evil\n\ndata: x", "{}");
  auto messages = ParseSse(out);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].event, "evildata: x");
  EXPECT_EQ(messages[0].data, "{}");
}

TEST(AppendSseEvent, EmptyDataIsSentAsAnEmptyObject) {
  std::string out;
  AppendSseEvent(out, 1, "t", "");
  EXPECT_EQ(out, "id: 1\nevent: t\ndata: {}\n\n");
}

class NullSource final : public StreamSource {
 public:
  void Start(std::function<void()>) override {}
  StreamChunk Next() override { return {}; }
  std::string Heartbeat() override { return {}; }
  std::chrono::milliseconds heartbeat_interval() const override { return {}; }
  std::chrono::milliseconds write_timeout() const override { return {}; }
  bool Abandoned() const override { return false; }
  void Ended(StreamEnd) override {}
};

TEST(StreamedResponseHead, IsChunkedWithoutContentLength) {
  Response response;
  response.stream = std::make_shared<NullSource>();
  std::string head;
  ASSERT_TRUE(WriteResponseHead(response, HeadOptions{"rid", false, false}, head));
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
}

TEST(StreamedResponseHead, ForHttp10HasNeitherLengthNorChunking) {
  Response response;
  response.stream = std::make_shared<NullSource>();
  std::string head;
  ASSERT_TRUE(WriteResponseHead(response, HeadOptions{"rid", false, true}, head));
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos) << head;
}

class EventStreamsTest : public ::testing::Test {
 protected:
  EventStreamsTest() : hub_(events::MakeInProcessHub({})) {}

  Request EventsRequest(std::string query, std::string address = "192.0.2.1") {
    Request request;
    request.method = "GET";
    request.path = "/api/v1/events";
    request.query = std::move(query);
    request.remote_address = std::move(address);
    return request;
  }

  std::unique_ptr<events::EventHub> hub_;
};

TEST_F(EventStreamsTest, OpenGivesAStreamWithTheEventStreamHeaders) {
  EventStreams streams(*hub_, {});
  Response response = streams.Open(EventsRequest("topics=post:1"), "en");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/event-stream; charset=utf-8");
  EXPECT_NE(response.stream, nullptr);
  EXPECT_EQ(streams.open_streams(), 1);
  response.stream.reset();
  EXPECT_EQ(streams.open_streams(), 0);
}

TEST_F(EventStreamsTest, PerAddressCapCountsEachAddressApart) {
  EventStreamOptions options;
  options.max_per_address = 1;
  EventStreams streams(*hub_, options);
  Response a = streams.Open(EventsRequest("topics=post:1", "192.0.2.1"), "en");
  Response b = streams.Open(EventsRequest("topics=post:1", "192.0.2.2"), "en");
  Response again = streams.Open(EventsRequest("topics=post:1", "192.0.2.1"), "en");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(again.stream, nullptr);
}

TEST_F(EventStreamsTest, ZeroMaxConnectionsTurnsTheEndpointOff) {
  EventStreamOptions options;
  options.max_connections = 0;
  EventStreams streams(*hub_, options);
  EXPECT_EQ(streams.Open(EventsRequest("topics=post:1"), "en").status, 503);
}

TEST_F(EventStreamsTest, StreamMayOutliveTheEventStreams) {
  Response response;
  {
    EventStreams streams(*hub_, {});
    response = streams.Open(EventsRequest("topics=post:1"), "en");
  }
  ASSERT_NE(response.stream, nullptr);
  response.stream->Start([] {});
  StreamChunk first = response.stream->Next();
  EXPECT_EQ(first.bytes, "retry: 3000\n\n");
  response.stream.reset();
}

TEST_F(EventStreamsTest, SourceFormatsDeliveriesAndEndsWhenDropped) {
  events::InProcessHubOptions hub_options;
  hub_options.max_pending_events = 1;
  auto hub = events::MakeInProcessHub(hub_options);
  EventStreams streams(*hub, {});
  Response response = streams.Open(EventsRequest("topics=post:1&lang=fr"), "fr");
  ASSERT_NE(response.stream, nullptr);
  int wakes = 0;
  response.stream->Start([&wakes] { ++wakes; });
  EXPECT_EQ(response.stream->Next().bytes, "retry: 3000\n\n");
  std::uint64_t id = hub->Publish(
      "post:1", "t", [](const std::string& locale) { return "{\"l\":\"" + locale + "\"}"; });
  EXPECT_EQ(wakes, 1);
  StreamChunk chunk = response.stream->Next();
  EXPECT_EQ(chunk.bytes, "id: " + std::to_string(id) + "\nevent: t\ndata: {\"l\":\"fr\"}\n\n");
  EXPECT_FALSE(chunk.end);
  hub->Publish("post:1", "t", {});
  hub->Publish("post:1", "t", {});
  EXPECT_TRUE(response.stream->Abandoned());
  EXPECT_TRUE(response.stream->Next().end);
}

}  // namespace
}  // namespace plaza::http
