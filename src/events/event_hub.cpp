#include "events/event_hub.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/clock.hpp"
#include "ops/metrics.hpp"

namespace plaza::events {

namespace {

// Subscribers' locales come from the 13 UI locales; the bound only stops a caller that passes
// arbitrary strings from growing an event's memo without end.
constexpr std::size_t kMaxMemoLocales = 32;
// Topics remembered with the newest id that left the ring (one per post or ticker with a recent
// event); past this many the memory is traded for precision (see HubState::evicted_floor).
constexpr std::size_t kMaxEvictedTopics = std::size_t{1} << 16;

}  // namespace

struct Event::Memo {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> by_locale;  // guarded by mu
};

std::string Event::DataFor(const std::string& locale) const {
  if (!render || !*render) return "{}";
  if (!memo) return (*render)(locale);
  // Rendering under the lock: concurrent readers of one locale wait for the one rendering
  // instead of each doing it.
  std::lock_guard lock(memo->mu);
  for (const auto& [memo_locale, data] : memo->by_locale) {
    if (memo_locale == locale) return data;
  }
  std::string data = (*render)(locale);
  if (memo->by_locale.size() < kMaxMemoLocales) memo->by_locale.emplace_back(locale, data);
  return data;
}

namespace {

using EventPtr = std::shared_ptr<const Event>;

struct Subscriber {
  std::vector<std::string> topics;  // sorted, unique
  std::function<void()> wake;       // set before registration, read under HubState::mu

  mutable std::mutex mu;
  std::vector<EventPtr> pending;  // guarded by mu
  bool gap = false;               // guarded by mu
  std::uint64_t resync_id = 0;    // guarded by mu
  std::atomic<bool> dropped{false};
};

struct HubState {
  explicit HubState(const InProcessHubOptions& options)
      : ring_size(static_cast<std::size_t>(std::max(0, options.ring_size))),
        max_pending(static_cast<std::size_t>(std::max(1, options.max_pending_events))),
        first_id(options.first_id != 0
                     ? options.first_id
                     : static_cast<std::uint64_t>(std::max<Timestamp>(1, SystemClock().Now()))),
        ring(ring_size) {
    next_id.store(first_id);
    if (options.metrics != nullptr) {
      subscribers_gauge =
          &options.metrics->AddGauge("plaza_event_subscribers", "Open event subscriptions (SSE).")
               .WithLabels({});
      published_total = &options.metrics
                             ->AddCounter("plaza_events_published_total",
                                          "Events published to the in-process hub.")
                             .WithLabels({});
      dropped_total = &options.metrics
                           ->AddCounter("plaza_event_clients_dropped_total",
                                        "Event subscribers dropped for falling behind.")
                           .WithLabels({});
    }
  }

  // Oldest first; `fn(event)` for each event in the ring. Requires mu.
  template <typename Fn>
  void ForEachInRing(Fn&& fn) const {
    std::size_t start = (ring_next + ring_size - ring_count) % std::max<std::size_t>(1, ring_size);
    for (std::size_t i = 0; i < ring_count; ++i) fn(ring[(start + i) % ring_size]);
  }

  // Puts an event in the ring, remembering what it pushes out. Requires mu.
  void Keep(const EventPtr& event) {
    if (ring_size == 0) {
      Evicted(*event);
      return;
    }
    if (ring_count == ring_size) Evicted(*ring[ring_next]);
    ring[ring_next] = event;
    ring_next = (ring_next + 1) % ring_size;
    ring_count = std::min(ring_count + 1, ring_size);
  }

  void Evicted(const Event& event) {  // requires mu
    if (evicted.size() >= kMaxEvictedTopics && !evicted.contains(event.topic)) {
      // Ids leave the ring in increasing order, so this one is newer than all forgotten ones.
      evicted.clear();
      evicted_floor = event.id;
      return;
    }
    evicted[event.topic] = event.id;
  }

  // Whether an event on `topics` newer than `id` has left the ring. Requires mu.
  bool LostAfter(std::uint64_t id, const std::vector<std::string>& topics) const {
    if (evicted_floor > id) return true;
    for (const std::string& topic : topics) {
      auto it = evicted.find(topic);
      if (it != evicted.end() && it->second > id) return true;
    }
    return false;
  }

  void Deliver(Subscriber& sub, const EventPtr& event) {  // requires mu
    bool wake = false;
    {
      std::lock_guard lock(sub.mu);
      if (sub.dropped.load(std::memory_order_relaxed)) return;
      if (sub.pending.size() >= max_pending) {
        // A slow reader is cut off rather than buffered without end or allowed to hold up
        // the others; its client reconnects and resumes from the ring if it can.
        sub.dropped.store(true);
        std::vector<EventPtr>().swap(sub.pending);
        if (dropped_total != nullptr) dropped_total->Inc();
        wake = true;
      } else {
        wake = sub.pending.empty();
        sub.pending.push_back(event);
      }
    }
    // Still under mu: the subscription cannot finish unsubscribing (and its wake target go
    // away) while this runs.
    if (wake && sub.wake) sub.wake();
  }

  const std::size_t ring_size;
  const std::size_t max_pending;
  const std::uint64_t first_id;
  ops::Gauge* subscribers_gauge = nullptr;
  ops::Counter* published_total = nullptr;
  ops::Counter* dropped_total = nullptr;
  std::atomic<int> subscriber_count{0};

  std::mutex mu;
  std::atomic<std::uint64_t> next_id{1};  // written under mu; read anywhere (LastId)
  // Circular: ring_next is where the next event goes; ring_count how many are held.
  std::vector<EventPtr> ring;                                          // guarded by mu
  std::size_t ring_next = 0;                                           // guarded by mu
  std::size_t ring_count = 0;                                          // guarded by mu
  std::unordered_map<std::string, std::vector<Subscriber*>> by_topic;  // guarded by mu
  // The newest id per topic that left the ring, and below that, ids whose topic is forgotten:
  // resuming before one of them on its topic is a gap.
  std::unordered_map<std::string, std::uint64_t> evicted;  // guarded by mu
  std::uint64_t evicted_floor = 0;                         // guarded by mu
};

class InProcessSubscription final : public Subscription {
 public:
  InProcessSubscription(std::shared_ptr<HubState> state, std::unique_ptr<Subscriber> sub)
      : state_(std::move(state)), sub_(std::move(sub)) {}

  ~InProcessSubscription() override {
    {
      // Publish fans out under this lock, so once it is ours no wake is running or will run.
      std::lock_guard lock(state_->mu);
      for (const std::string& topic : sub_->topics) {
        auto it = state_->by_topic.find(topic);
        if (it == state_->by_topic.end()) continue;
        auto& list = it->second;
        auto pos = std::find(list.begin(), list.end(), sub_.get());
        if (pos != list.end()) {
          *pos = list.back();
          list.pop_back();
        }
        if (list.empty()) state_->by_topic.erase(it);
      }
    }
    state_->subscriber_count.fetch_sub(1);
    if (state_->subscribers_gauge != nullptr) state_->subscribers_gauge->Add(-1);
  }

  Delivery Take() override {
    Delivery delivery;
    std::lock_guard lock(sub_->mu);
    if (sub_->dropped.load()) {
      delivery.dropped = true;
      return delivery;
    }
    delivery.events.swap(sub_->pending);
    delivery.gap = sub_->gap;
    delivery.resync_id = sub_->resync_id;
    sub_->gap = false;
    return delivery;
  }

  bool Dropped() const override { return sub_->dropped.load(); }

 private:
  std::shared_ptr<HubState> state_;
  std::unique_ptr<Subscriber> sub_;
};

class InProcessHub final : public EventHub {
 public:
  explicit InProcessHub(const InProcessHubOptions& options)
      : state_(std::make_shared<HubState>(options)) {}

  std::uint64_t Publish(std::string topic, std::string type, EventRenderer render) override {
    auto event = std::make_shared<Event>();
    event->topic = std::move(topic);
    event->type = std::move(type);
    event->render = std::make_shared<const EventRenderer>(std::move(render));
    event->memo = std::make_shared<Event::Memo>();
    HubState& s = *state_;
    std::uint64_t id = 0;
    {
      // Ids are given and fanned out under one lock, so every subscriber sees them in order
      // whichever threads publish.
      std::lock_guard lock(s.mu);
      id = event->id = s.next_id.load();
      s.next_id.store(id + 1);
      EventPtr shared = std::move(event);
      s.Keep(shared);
      auto it = s.by_topic.find(shared->topic);
      if (it != s.by_topic.end()) {
        for (Subscriber* sub : it->second) s.Deliver(*sub, shared);
      }
    }
    if (s.published_total != nullptr) s.published_total->Inc();
    return id;
  }

  std::unique_ptr<Subscription> Subscribe(SubscribeOptions options) override {
    auto sub = std::make_unique<Subscriber>();
    sub->topics = std::move(options.topics);
    std::sort(sub->topics.begin(), sub->topics.end());
    sub->topics.erase(std::unique(sub->topics.begin(), sub->topics.end()), sub->topics.end());
    sub->wake = std::move(options.wake);
    HubState& s = *state_;
    {
      std::lock_guard lock(s.mu);
      if (options.last_event_id.has_value()) Backlog(*sub, *options.last_event_id);
      for (const std::string& topic : sub->topics) s.by_topic[topic].push_back(sub.get());
    }
    s.subscriber_count.fetch_add(1);
    if (s.subscribers_gauge != nullptr) s.subscribers_gauge->Add(1);
    return std::make_unique<InProcessSubscription>(state_, std::move(sub));
  }

  int SubscriberCount() const override { return state_->subscriber_count.load(); }

  std::uint64_t LastId() const override { return state_->next_id.load() - 1; }

 private:
  // What a resuming subscriber missed, or a gap. Requires state_->mu; `sub` is not shared yet.
  void Backlog(Subscriber& sub, std::uint64_t last_event_id) {
    HubState& s = *state_;
    std::uint64_t newest = s.next_id.load() - 1;
    // An id never issued here (from before a restart, another instance, or a clock that went
    // back) is an unknown position. Otherwise only a lost event on the subscriber's own topics
    // makes a gap: a page resuming from an old id on a quiet post resumes fine.
    bool gap = last_event_id > newest || last_event_id + 1 < s.first_id ||
               s.LostAfter(last_event_id, sub.topics);
    if (!gap) {
      s.ForEachInRing([&](const EventPtr& event) {
        if (event->id > last_event_id &&
            std::binary_search(sub.topics.begin(), sub.topics.end(), event->topic)) {
          sub.pending.push_back(event);
        }
      });
      // More than the subscriber may hold: reloading is cheaper than replaying it all.
      gap = sub.pending.size() > s.max_pending;
    }
    if (gap) {
      sub.pending.clear();
      sub.gap = true;
      sub.resync_id = newest;
    }
  }

  std::shared_ptr<HubState> state_;
};

}  // namespace

std::unique_ptr<EventHub> MakeInProcessHub(const InProcessHubOptions& options) {
  return std::make_unique<InProcessHub>(options);
}

}  // namespace plaza::events
