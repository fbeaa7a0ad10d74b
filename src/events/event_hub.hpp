#pragma once

// Live events for open pages (Server-Sent Events). The in-process hub comes first; a
// PostgreSQL-backed one (LISTEN/NOTIFY) replaces it for scale-out. No Asio here: subscribers are
// woken through a callback that the HTTP layer turns into a post to its executor.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace plaza::ops {
class Registry;
}

namespace plaza::events {

/// Renders an event's `data` (one line of JSON) for a subscriber's UI locale ("fr", "zh-Hans",
/// ...): events carry text already formatted for the reader, because the browser's ICU differs
/// from the server's. Called from I/O threads; must be thread-safe and cheap, and must not call
/// DataFor() on the same event.
using EventRenderer = std::function<std::string(const std::string& locale)>;

struct Event {
  std::uint64_t id = 0;  // increasing; see EventHub::Publish
  std::string topic;     // "post:123"
  std::string type;      // "summary.ready"
  /// Renders data for a locale, memoized per locale (thread-safe): the renderer runs once per
  /// locale however many subscribers read it. "{}" when the event has no renderer.
  std::string DataFor(const std::string& locale) const;

  std::shared_ptr<const EventRenderer> render;
  struct Memo;
  std::shared_ptr<Memo> memo;
};

/// What a subscription hands its connection.
struct Delivery {
  std::vector<std::shared_ptr<const Event>> events;  // in id order
  /// True once: the subscriber asked to resume from an id after which an event on its topics
  /// has left the ring (or from an id this hub never issued, e.g. one from before a restart), so
  /// events may have been missed; the client should reload what it shows. The backlog is not
  /// delivered then.
  bool gap = false;
  /// With `gap`: the newest id issued when the gap was found. Sent as the resync event's id, so
  /// a client that reconnects without reloading resumes from there instead of gapping again.
  std::uint64_t resync_id = 0;
  /// True when the subscriber fell more than the buffer behind and was dropped (slow client):
  /// the connection should close. Stays true; nothing is delivered after it.
  bool dropped = false;
};

class Subscription {
 public:
  virtual ~Subscription() = default;  // unsubscribes; `wake` is not called once this returns
  /// Takes everything pending. Never blocks (beyond a short lock).
  virtual Delivery Take() = 0;
  /// Whether the subscriber has been dropped (see Delivery::dropped), without taking anything.
  /// Thread-safe: the HTTP layer asks while a write to the client is still in progress.
  virtual bool Dropped() const = 0;
};

struct SubscribeOptions {
  std::vector<std::string> topics;             // exact topic names (duplicates are ignored)
  std::optional<std::uint64_t> last_event_id;  // resume after this id (Last-Event-ID)
  /// Called (from the publishing thread, possibly while others publish) when events become
  /// pending after the subscriber had none, and when it is dropped; must not block and must not
  /// call back into the hub. The HTTP layer posts a wake-up to the connection's executor. Not
  /// called for what is pending at subscription: Take() once after subscribing.
  std::function<void()> wake;
};

class EventHub {
 public:
  virtual ~EventHub() = default;
  /// Publishes an event to every subscriber of `topic` and keeps it in the resume ring.
  /// Returns its id. Never blocks on subscribers. Thread-safe.
  virtual std::uint64_t Publish(std::string topic, std::string type, EventRenderer render) = 0;
  /// Subscribes. Events in the ring with id > last_event_id on the topics are pending at once
  /// (or a gap: see Delivery::gap).
  virtual std::unique_ptr<Subscription> Subscribe(SubscribeOptions options) = 0;
  /// Subscriptions open right now.
  virtual int SubscriberCount() const = 0;
  /// The id of the newest event published (the first id - 1 before any). A page rendered after
  /// this call resumes its stream from it, so an event published meanwhile is not missed.
  /// Thread-safe, lock-free.
  virtual std::uint64_t LastId() const = 0;
};

struct InProcessHubOptions {
  int ring_size = 1024;          // events kept for Last-Event-ID resume
  int max_pending_events = 256;  // per subscriber; beyond it the subscriber is dropped
  /// The first id; 0: the current time in microseconds (SystemClock). Tests pass their own.
  std::uint64_t first_id = 0;
  /// When set (it must outlive the hub and its subscriptions): plaza_event_subscribers,
  /// plaza_events_published_total and plaza_event_clients_dropped_total.
  ops::Registry* metrics = nullptr;
};

/// The in-process hub. Event ids start at the process's start time in microseconds and
/// increase by one, so an id from before a restart is older than every id after it (and
/// resuming from it is a gap). Subscriptions may outlive the hub.
std::unique_ptr<EventHub> MakeInProcessHub(const InProcessHubOptions& options);

}  // namespace plaza::events
