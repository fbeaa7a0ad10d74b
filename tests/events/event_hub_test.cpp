#include "events/event_hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "ops/metrics.hpp"

namespace plaza::events {
namespace {

constexpr std::uint64_t kFirstId = 1'000'000;

std::unique_ptr<EventHub> MakeHub(int ring_size = 16, int max_pending = 8,
                                  ops::Registry* metrics = nullptr) {
  InProcessHubOptions options;
  options.ring_size = ring_size;
  options.max_pending_events = max_pending;
  options.first_id = kFirstId;
  options.metrics = metrics;
  return MakeInProcessHub(options);
}

EventRenderer Json(std::string text) {
  return [text = std::move(text)](const std::string&) { return text; };
}

std::unique_ptr<Subscription> Subscribe(EventHub& hub, std::vector<std::string> topics,
                                        std::optional<std::uint64_t> last_event_id = std::nullopt,
                                        std::function<void()> wake = {}) {
  SubscribeOptions options;
  options.topics = std::move(topics);
  options.last_event_id = last_event_id;
  options.wake = std::move(wake);
  return hub.Subscribe(std::move(options));
}

std::vector<std::uint64_t> Ids(const Delivery& delivery) {
  std::vector<std::uint64_t> ids;
  for (const auto& event : delivery.events) ids.push_back(event->id);
  return ids;
}

TEST(InProcessHub, IdsStartAtTheFirstIdAndIncreaseByOne) {
  auto hub = MakeHub();
  EXPECT_EQ(hub->Publish("post:1", "t", Json("{}")), kFirstId);
  EXPECT_EQ(hub->Publish("post:2", "t", Json("{}")), kFirstId + 1);
  EXPECT_EQ(hub->Publish("post:1", "t", Json("{}")), kFirstId + 2);
}

TEST(InProcessHub, DefaultFirstIdIsTheCurrentTimeInMicroseconds) {
  Timestamp before = SystemClock().Now();
  auto hub = MakeInProcessHub(InProcessHubOptions{});
  std::uint64_t id = hub->Publish("post:1", "t", Json("{}"));
  Timestamp after = SystemClock().Now();
  EXPECT_GE(id, static_cast<std::uint64_t>(before));
  EXPECT_LE(id, static_cast<std::uint64_t>(after));
}

TEST(InProcessHub, SubscribersReceiveOnlyTheirTopics) {
  auto hub = MakeHub();
  auto posts = Subscribe(*hub, {"post:1"});
  auto tickers = Subscribe(*hub, {"ticker:BTC"});
  std::uint64_t a = hub->Publish("post:1", "summary.ready", Json(R"({"a":1})"));
  hub->Publish("ticker:BTC", "ticker", Json("{}"));
  hub->Publish("post:2", "summary.ready", Json("{}"));
  Delivery got = posts->Take();
  ASSERT_EQ(got.events.size(), 1u);
  EXPECT_EQ(got.events[0]->id, a);
  EXPECT_EQ(got.events[0]->topic, "post:1");
  EXPECT_EQ(got.events[0]->type, "summary.ready");
  EXPECT_EQ(got.events[0]->DataFor("en"), R"({"a":1})");
  EXPECT_EQ(tickers->Take().events.size(), 1u);
}

TEST(InProcessHub, SeveralTopicsArriveInIdOrder) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1", "ticker:ETH"});
  std::uint64_t a = hub->Publish("ticker:ETH", "t", Json("{}"));
  std::uint64_t b = hub->Publish("post:1", "t", Json("{}"));
  std::uint64_t c = hub->Publish("ticker:ETH", "t", Json("{}"));
  EXPECT_EQ(Ids(sub->Take()), (std::vector<std::uint64_t>{a, b, c}));
}

TEST(InProcessHub, DuplicateTopicsDeliverAnEventOnce) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1", "post:1"});
  hub->Publish("post:1", "t", Json("{}"));
  EXPECT_EQ(sub->Take().events.size(), 1u);
}

TEST(InProcessHub, TakeEmptiesWhatIsPending) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1"});
  hub->Publish("post:1", "t", Json("{}"));
  EXPECT_EQ(sub->Take().events.size(), 1u);
  Delivery again = sub->Take();
  EXPECT_TRUE(again.events.empty());
  EXPECT_FALSE(again.gap);
  EXPECT_FALSE(again.dropped);
}

TEST(InProcessHub, WakeIsCalledWhenEventsBecomePendingNotForEachEvent) {
  auto hub = MakeHub();
  int wakes = 0;
  auto sub = Subscribe(*hub, {"post:1"}, std::nullopt, [&wakes] { ++wakes; });
  hub->Publish("post:1", "t", Json("{}"));
  hub->Publish("post:1", "t", Json("{}"));
  EXPECT_EQ(wakes, 1);
  sub->Take();
  hub->Publish("post:1", "t", Json("{}"));
  EXPECT_EQ(wakes, 2);
  hub->Publish("post:9", "t", Json("{}"));
  EXPECT_EQ(wakes, 2);
}

TEST(InProcessHub, NoWakeAfterUnsubscribing) {
  auto hub = MakeHub();
  int wakes = 0;
  auto sub = Subscribe(*hub, {"post:1"}, std::nullopt, [&wakes] { ++wakes; });
  sub.reset();
  hub->Publish("post:1", "t", Json("{}"));
  EXPECT_EQ(wakes, 0);
}

TEST(InProcessHub, SubscriberCountFollowsSubscriptions) {
  auto hub = MakeHub();
  EXPECT_EQ(hub->SubscriberCount(), 0);
  auto a = Subscribe(*hub, {"post:1"});
  auto b = Subscribe(*hub, {"post:1", "post:2"});
  EXPECT_EQ(hub->SubscriberCount(), 2);
  a.reset();
  EXPECT_EQ(hub->SubscriberCount(), 1);
  b.reset();
  EXPECT_EQ(hub->SubscriberCount(), 0);
}

TEST(InProcessHub, SubscriptionMayOutliveTheHub) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1"});
  hub->Publish("post:1", "t", Json("{}"));
  hub.reset();
  EXPECT_EQ(sub->Take().events.size(), 1u);
  sub.reset();  // unsubscribing from a hub that is gone must not crash
}

TEST(InProcessHub, ResumeDeliversTheEventsAfterTheIdOnTheTopicsInOrder) {
  auto hub = MakeHub();
  std::uint64_t a = hub->Publish("post:1", "t", Json("{}"));
  std::uint64_t b = hub->Publish("post:1", "t", Json("{}"));
  hub->Publish("post:2", "t", Json("{}"));
  std::uint64_t c = hub->Publish("ticker:BTC", "t", Json("{}"));
  std::uint64_t d = hub->Publish("post:1", "t", Json("{}"));
  auto sub = Subscribe(*hub, {"post:1", "ticker:BTC"}, a);
  Delivery got = sub->Take();
  EXPECT_FALSE(got.gap);
  EXPECT_EQ(Ids(got), (std::vector<std::uint64_t>{b, c, d}));
}

TEST(InProcessHub, ResumeFromTheNewestIdHasNothingPendingAndNoGap) {
  auto hub = MakeHub();
  std::uint64_t a = hub->Publish("post:1", "t", Json("{}"));
  auto sub = Subscribe(*hub, {"post:1"}, a);
  Delivery got = sub->Take();
  EXPECT_TRUE(got.events.empty());
  EXPECT_FALSE(got.gap);
}

TEST(InProcessHub, ResumeFromJustBeforeTheOldestInTheRingIsNoGap) {
  auto hub = MakeHub(/*ring_size=*/4);
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(hub->Publish("post:1", "t", Json("{}")));
  // The ring holds ids[2..5]; a client that saw ids[1] missed nothing the ring lost.
  auto sub = Subscribe(*hub, {"post:1"}, ids[1]);
  Delivery got = sub->Take();
  EXPECT_FALSE(got.gap);
  EXPECT_EQ(Ids(got), (std::vector<std::uint64_t>{ids[2], ids[3], ids[4], ids[5]}));
}

TEST(InProcessHub, ResumeFromAnIdOlderThanTheRingIsAGapOnce) {
  auto hub = MakeHub(/*ring_size=*/4);
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(hub->Publish("post:1", "t", Json("{}")));
  auto sub = Subscribe(*hub, {"post:1"}, ids[0]);
  Delivery got = sub->Take();
  EXPECT_TRUE(got.gap);
  EXPECT_EQ(got.resync_id, ids[5]);
  EXPECT_TRUE(got.events.empty());
  std::uint64_t next = hub->Publish("post:1", "t", Json("{}"));
  Delivery later = sub->Take();
  EXPECT_FALSE(later.gap);
  EXPECT_EQ(Ids(later), std::vector<std::uint64_t>{next});
}

TEST(InProcessHub, ResumeOlderThanTheRingIsNoGapWhenNothingOnTheTopicsWasLost) {
  auto hub = MakeHub(/*ring_size=*/4);
  std::uint64_t seen = hub->Publish("post:1", "t", Json("{}"));
  for (int i = 0; i < 6; ++i) hub->Publish("post:2", "t", Json("{}"));
  std::uint64_t after = hub->Publish("post:1", "t", Json("{}"));
  Delivery got = Subscribe(*hub, {"post:1"}, seen)->Take();
  EXPECT_FALSE(got.gap);
  EXPECT_EQ(Ids(got), std::vector<std::uint64_t>{after});
  // Before `seen`, which has left the ring, it is a gap.
  EXPECT_TRUE(Subscribe(*hub, {"post:1"}, seen - 1)->Take().gap);
}

TEST(InProcessHub, ResumeIsAGapOnceTheLostTopicsAreTooManyToRemember) {
  auto hub = MakeHub(/*ring_size=*/1);
  std::uint64_t seen = hub->Publish("post:1", "t", Json("{}"));
  hub->Publish("post:1", "t", Json("{}"));
  std::uint64_t newest = 0;
  for (int i = 2; i < 70'000; ++i) {
    newest = hub->Publish("post:" + std::to_string(i), "t", Json("{}"));
  }
  EXPECT_TRUE(Subscribe(*hub, {"post:1"}, seen)->Take().gap);
  EXPECT_FALSE(Subscribe(*hub, {"post:1"}, newest)->Take().gap);
}

TEST(InProcessHub, LastIdIsTheNewestPublishedId) {
  auto hub = MakeHub();
  EXPECT_EQ(hub->LastId(), kFirstId - 1);
  std::uint64_t a = hub->Publish("post:1", "t", Json("{}"));
  EXPECT_EQ(hub->LastId(), a);
}

TEST(InProcessHub, ResumeFromAnIdFromBeforeARestartIsAGap) {
  auto hub = MakeHub();
  hub->Publish("post:1", "t", Json("{}"));
  auto sub = Subscribe(*hub, {"post:1"}, kFirstId - 50);
  EXPECT_TRUE(sub->Take().gap);
}

TEST(InProcessHub, ResumeFromAnIdNeverIssuedIsAGap) {
  auto hub = MakeHub();
  std::uint64_t a = hub->Publish("post:1", "t", Json("{}"));
  auto sub = Subscribe(*hub, {"post:1"}, a + 10);
  Delivery got = sub->Take();
  EXPECT_TRUE(got.gap);
  EXPECT_EQ(got.resync_id, a);
}

TEST(InProcessHub, ResumeWithAnEmptyRingFromBeforeTheFirstEventIsNoGap) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1"}, kFirstId - 1);
  Delivery got = sub->Take();
  EXPECT_FALSE(got.gap);
  EXPECT_TRUE(got.events.empty());
}

TEST(InProcessHub, ResumeBacklogOverThePendingBoundIsAGap) {
  auto hub = MakeHub(/*ring_size=*/16, /*max_pending=*/3);
  std::uint64_t first = hub->Publish("post:1", "t", Json("{}"));
  for (int i = 0; i < 4; ++i) hub->Publish("post:1", "t", Json("{}"));
  auto sub = Subscribe(*hub, {"post:1"}, first);
  Delivery got = sub->Take();
  EXPECT_TRUE(got.gap);
  EXPECT_TRUE(got.events.empty());
}

TEST(InProcessHub, WithoutARingOnlyTheNewestIdResumesWithoutAGap) {
  auto hub = MakeHub(/*ring_size=*/0);
  std::uint64_t a = hub->Publish("post:1", "t", Json("{}"));
  std::uint64_t b = hub->Publish("post:1", "t", Json("{}"));
  EXPECT_FALSE(Subscribe(*hub, {"post:1"}, b)->Take().gap);
  EXPECT_TRUE(Subscribe(*hub, {"post:1"}, a)->Take().gap);
}

TEST(InProcessHub, SlowSubscriberIsDroppedAndOthersKeepReceiving) {
  auto hub = MakeHub(/*ring_size=*/16, /*max_pending=*/3);
  int slow_wakes = 0;
  auto slow = Subscribe(*hub, {"post:1"}, std::nullopt, [&slow_wakes] { ++slow_wakes; });
  auto fast = Subscribe(*hub, {"post:1"});
  std::vector<std::uint64_t> published, received;
  for (int i = 0; i < 10; ++i) {
    published.push_back(hub->Publish("post:1", "t", Json("{}")));
    for (std::uint64_t id : Ids(fast->Take())) received.push_back(id);
  }
  EXPECT_EQ(received, published);
  EXPECT_TRUE(slow->Dropped());
  EXPECT_FALSE(fast->Dropped());
  EXPECT_EQ(slow_wakes, 2);  // events pending, then dropped
  Delivery got = slow->Take();
  EXPECT_TRUE(got.dropped);
  EXPECT_TRUE(got.events.empty());
}

TEST(InProcessHub, SubscriberAtThePendingBoundIsNotDropped) {
  auto hub = MakeHub(/*ring_size=*/16, /*max_pending=*/3);
  auto sub = Subscribe(*hub, {"post:1"});
  for (int i = 0; i < 3; ++i) hub->Publish("post:1", "t", Json("{}"));
  EXPECT_FALSE(sub->Dropped());
  EXPECT_EQ(sub->Take().events.size(), 3u);
}

TEST(InProcessHub, DroppedSubscriberStaysDropped) {
  auto hub = MakeHub(/*ring_size=*/16, /*max_pending=*/1);
  auto sub = Subscribe(*hub, {"post:1"});
  hub->Publish("post:1", "t", Json("{}"));
  hub->Publish("post:1", "t", Json("{}"));
  EXPECT_TRUE(sub->Take().dropped);
  hub->Publish("post:1", "t", Json("{}"));
  Delivery again = sub->Take();
  EXPECT_TRUE(again.dropped);
  EXPECT_TRUE(again.events.empty());
}

TEST(InProcessHub, MetricsCountPublishedSubscribersAndDrops) {
  ops::Registry metrics;
  auto hub = MakeHub(/*ring_size=*/16, /*max_pending=*/1, &metrics);
  auto sub = Subscribe(*hub, {"post:1"});
  auto other = Subscribe(*hub, {"post:2"});
  hub->Publish("post:1", "t", Json("{}"));
  hub->Publish("post:1", "t", Json("{}"));
  other.reset();
  std::string text = metrics.Render();
  EXPECT_NE(text.find("plaza_event_subscribers 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_events_published_total 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_event_clients_dropped_total 1\n"), std::string::npos) << text;
}

TEST(EventDataFor, RendersOncePerLocale) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1"});
  std::map<std::string, int> calls;
  hub->Publish("post:1", "t", [&calls](const std::string& locale) {
    ++calls[locale];
    return "{\"locale\":\"" + locale + "\"}";
  });
  auto event = sub->Take().events.at(0);
  EXPECT_EQ(event->DataFor("fr"), R"({"locale":"fr"})");
  EXPECT_EQ(event->DataFor("fr"), R"({"locale":"fr"})");
  EXPECT_EQ(event->DataFor("ja"), R"({"locale":"ja"})");
  EXPECT_EQ(calls, (std::map<std::string, int>{{"fr", 1}, {"ja", 1}}));
}

TEST(EventDataFor, WithoutARendererIsAnEmptyObject) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1"});
  hub->Publish("post:1", "t", EventRenderer{});
  EXPECT_EQ(sub->Take().events.at(0)->DataFor("en"), "{}");
}

TEST(EventDataFor, IsRenderedOncePerLocaleAcrossThreads) {
  auto hub = MakeHub();
  auto sub = Subscribe(*hub, {"post:1"});
  std::atomic<int> calls{0};
  hub->Publish("post:1", "t", [&calls](const std::string& locale) {
    calls.fetch_add(1);
    return locale;
  });
  auto event = sub->Take().events.at(0);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::string locale = t % 2 == 0 ? "fr" : "zh-Hans";
      for (int i = 0; i < 200; ++i) {
        if (event->DataFor(locale) != locale) wrong.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(calls.load(), 2);
}

TEST(InProcessHubConcurrency, PublishersOnSeveralThreadsDeliverEveryEventInIdOrder) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  auto hub = MakeHub(/*ring_size=*/64, /*max_pending=*/kThreads * kPerThread);
  auto sub = Subscribe(*hub, {"post:1", "post:2"});
  std::vector<std::vector<std::uint64_t>> published(kThreads);
  std::vector<std::thread> threads;
  std::atomic<bool> done{false};
  std::vector<std::uint64_t> received;
  // Takes while the publishers run, as a connection would.
  std::thread reader([&] {
    for (;;) {
      bool finished = done.load();
      for (std::uint64_t id : Ids(sub->Take())) received.push_back(id);
      if (finished) return;
      std::this_thread::yield();
    }
  });
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string topic = t % 2 == 0 ? "post:1" : "post:2";
      for (int i = 0; i < kPerThread; ++i) {
        published[t].push_back(hub->Publish(topic, "t", Json("{}")));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  done.store(true);
  reader.join();
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (std::size_t i = 1; i < received.size(); ++i) {
    ASSERT_LT(received[i - 1], received[i]) << "at " << i;
  }
  EXPECT_EQ(received.front(), kFirstId);
  EXPECT_EQ(received.back(), kFirstId + kThreads * kPerThread - 1);
}

TEST(InProcessHubConcurrency, SubscribingAndLeavingWhilePublishingIsSafe) {
  auto hub = MakeHub(/*ring_size=*/32, /*max_pending=*/4);
  std::atomic<bool> stop{false};
  std::atomic<int> wakes{0};
  std::vector<std::thread> publishers;
  for (int t = 0; t < 2; ++t) {
    publishers.emplace_back([&] {
      while (!stop.load()) hub->Publish("post:1", "t", Json("{}"));
    });
  }
  std::vector<std::thread> subscribers;
  for (int t = 0; t < 2; ++t) {
    subscribers.emplace_back([&] {
      std::uint64_t last = kFirstId;
      for (int i = 0; i < 300; ++i) {
        auto sub = Subscribe(*hub, {"post:1"}, last, [&wakes] { wakes.fetch_add(1); });
        for (int j = 0; j < 3; ++j) {
          Delivery got = sub->Take();
          if (!got.events.empty()) last = got.events.back()->id;
        }
      }
    });
  }
  for (auto& thread : subscribers) thread.join();
  stop.store(true);
  for (auto& thread : publishers) thread.join();
  EXPECT_EQ(hub->SubscriberCount(), 0);
}

}  // namespace
}  // namespace plaza::events
