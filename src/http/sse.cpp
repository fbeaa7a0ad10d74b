#include "http/sse.hpp"

#include <charconv>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <variant>

#include "events/event_hub.hpp"
#include "ops/metrics.hpp"

namespace plaza::http {

namespace {

// What a client refused for a cap is told to wait before trying again.
constexpr int kRetryAfterSeconds = 30;
constexpr std::size_t kMaxPostIdDigits = 19;  // fits an int64
constexpr std::size_t kMaxTickerLength = 15;
constexpr std::size_t kMinHandleLength = 3;
constexpr std::size_t kMaxHandleLength = 30;
constexpr std::size_t kMaxQuotedTopic = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || IsDigit(c); }
bool IsHandleChar(char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_'; }

template <typename Pred>
bool AllOf(std::string_view s, Pred pred) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool IsValidTopic(std::string_view topic) {
  if (topic.starts_with("post:")) {
    std::string_view id = topic.substr(5);
    return !id.empty() && id.size() <= kMaxPostIdDigits && id.front() != '0' && AllOf(id, IsDigit);
  }
  if (topic.starts_with("ticker:")) {
    std::string_view symbol = topic.substr(7);
    return !symbol.empty() && symbol.size() <= kMaxTickerLength && AllOf(symbol, IsUpperOrDigit);
  }
  if (topic.starts_with("user:")) {
    std::string_view handle = topic.substr(5);
    return handle.size() >= kMinHandleLength && handle.size() <= kMaxHandleLength &&
           AllOf(handle, IsHandleChar);
  }
  return false;
}

std::optional<std::uint64_t> ParseEventId(std::string_view text) {
  std::uint64_t id = 0;
  if (text.empty() || !AllOf(text, IsDigit)) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

void AppendLine(std::string& out, std::string_view field, std::string_view value) {
  out.append(field);
  out.append(": ");
  out.append(value);
  out.push_back('\n');
}

}  // namespace

Result<std::vector<std::string>> ParseEventTopics(std::string_view list) {
  std::vector<std::string> topics;
  if (list.empty()) return Fail(Errc::kInvalidArgument, "topics is required", "topics");
  for (;;) {
    std::size_t comma = list.find(',');
    std::string_view topic = list.substr(0, comma);
    if (!IsValidTopic(topic)) {
      std::string quoted(topic.substr(0, kMaxQuotedTopic));
      return Fail(
          Errc::kInvalidArgument,
          "unknown topic \"" + quoted + "\": expected post:<id>, ticker:<SYMBOL> or user:<handle>",
          "topics");
    }
    if (topics.size() == kMaxEventTopics) {
      Error error{Errc::kInvalidArgument, "too many topics", "topics",
                  static_cast<long long>(kMaxEventTopics), std::nullopt};
      return std::unexpected(std::move(error));
    }
    topics.emplace_back(topic);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return topics;
}

void AppendSseEvent(std::string& out, std::uint64_t id, std::string_view type,
                    std::string_view data) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, id);
  AppendLine(out, "id", std::string_view(digits, static_cast<std::size_t>(end - digits)));
  std::string clean_type;
  for (char c : type) {
    if (c != '\r' && c != '\n') clean_type.push_back(c);
  }
  if (!clean_type.empty()) AppendLine(out, "event", clean_type);
  // An event without data is never dispatched by EventSource.
  if (data.empty()) data = "{}";
  // CR, LF and CRLF all end a line in the format: each line becomes its own data: field, which
  // the client joins back with LF.
  for (;;) {
    std::size_t eol = data.find_first_of("\r\n");
    AppendLine(out, "data", data.substr(0, eol));
    if (eol == std::string_view::npos) break;
    std::size_t skip = data[eol] == '\r' && eol + 1 < data.size() && data[eol + 1] == '\n' ? 2 : 1;
    data.remove_prefix(eol + skip);
  }
  out.push_back('\n');
}

/// Open streams, in total and per client address; shared with the streams so that a stream may
/// end after the EventStreams that opened it.
struct EventStreams::Limits {
  EventStreamOptions options;
  ops::Counter* dropped_total = nullptr;
  std::mutex mu;
  int total = 0;                                    // guarded by mu
  std::unordered_map<std::string, int> by_address;  // guarded by mu
};

namespace {

using Limits = EventStreams::Limits;

/// One open stream's place under the caps; released when the stream goes.
class Slot {
 public:
  Slot(std::shared_ptr<Limits> limits, std::string address)
      : limits_(std::move(limits)), address_(std::move(address)) {}
  ~Slot() {
    std::lock_guard lock(limits_->mu);
    --limits_->total;
    auto it = limits_->by_address.find(address_);
    if (it != limits_->by_address.end() && --it->second == 0) limits_->by_address.erase(it);
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  /// A slot for `address`, or the error response that refuses it.
  static std::variant<std::unique_ptr<Slot>, Response> Take(const std::shared_ptr<Limits>& limits,
                                                            const std::string& address) {
    std::lock_guard lock(limits->mu);
    if (limits->total >= limits->options.max_connections) {
      Error error{Errc::kUnavailable,
                  "too many event streams are open; try again later",
                  {},
                  static_cast<long long>(limits->options.max_connections),
                  kRetryAfterSeconds};
      return ErrorResponse(error);
    }
    int& mine = limits->by_address[address];
    if (mine >= limits->options.max_per_address) {
      if (mine == 0) limits->by_address.erase(address);
      Error error{Errc::kRateLimited,
                  "too many event streams are open from this address",
                  {},
                  static_cast<long long>(limits->options.max_per_address),
                  kRetryAfterSeconds};
      return ErrorResponse(error);
    }
    ++mine;
    ++limits->total;
    return std::make_unique<Slot>(limits, address);
  }

 private:
  std::shared_ptr<Limits> limits_;
  std::string address_;
};

/// One subscriber's stream: the hub's deliveries in the text/event-stream format.
class EventStreamSource final : public StreamSource {
 public:
  EventStreamSource(events::EventHub& hub, events::SubscribeOptions subscribe, std::string locale,
                    std::unique_ptr<Slot> slot, std::shared_ptr<Limits> limits)
      : hub_(hub),
        subscribe_(std::move(subscribe)),
        locale_(std::move(locale)),
        slot_(std::move(slot)),
        limits_(std::move(limits)) {}

  void Start(std::function<void()> wake) override {
    subscribe_.wake = std::move(wake);
    subscription_ = hub_.Subscribe(std::move(subscribe_));
  }

  StreamChunk Next() override {
    StreamChunk chunk;
    if (!sent_retry_) {
      sent_retry_ = true;
      AppendLine(chunk.bytes, "retry", std::to_string(limits_->options.retry_ms));
      chunk.bytes.push_back('\n');
    }
    if (subscription_ == nullptr) return chunk;
    events::Delivery delivery = subscription_->Take();
    if (delivery.gap) AppendSseEvent(chunk.bytes, delivery.resync_id, "resync", "{}");
    for (const auto& event : delivery.events) {
      AppendSseEvent(chunk.bytes, event->id, event->type, event->DataFor(locale_));
    }
    chunk.end = delivery.dropped;
    return chunk;
  }

  std::string Heartbeat() override { return ": hb\n\n"; }

  std::chrono::milliseconds heartbeat_interval() const override {
    return std::chrono::milliseconds(limits_->options.heartbeat_ms);
  }

  std::chrono::milliseconds write_timeout() const override {
    return std::chrono::milliseconds(limits_->options.write_timeout_ms);
  }

  bool Abandoned() const override { return subscription_ != nullptr && subscription_->Dropped(); }

  void Ended(StreamEnd why) override {
    // Subscribers that fell behind in the hub are counted there; a stuck write only here.
    if (why == StreamEnd::kWriteTimeout && limits_->dropped_total != nullptr) {
      limits_->dropped_total->Inc();
    }
    subscription_.reset();
  }

 private:
  events::EventHub& hub_;
  events::SubscribeOptions subscribe_;
  std::string locale_;
  std::unique_ptr<Slot> slot_;
  std::shared_ptr<Limits> limits_;
  std::unique_ptr<events::Subscription> subscription_;
  bool sent_retry_ = false;
};

}  // namespace

EventStreams::EventStreams(events::EventHub& hub, EventStreamOptions options,
                           ops::Registry* metrics)
    : hub_(hub), limits_(std::make_shared<Limits>()) {
  limits_->options = options;
  if (metrics != nullptr) {
    limits_->dropped_total = &metrics
                                  ->AddCounter("plaza_event_clients_dropped_total",
                                               "Event subscribers dropped for falling behind.")
                                  .WithLabels({});
    std::weak_ptr<Limits> weak = limits_;
    metrics->AddGaugeCallback("plaza_event_streams_open", "Open event streams (SSE).", [weak] {
      auto limits = weak.lock();
      if (limits == nullptr) return 0.0;
      std::lock_guard lock(limits->mu);
      return static_cast<double>(limits->total);
    });
  }
}

EventStreams::~EventStreams() = default;

int EventStreams::open_streams() const {
  std::lock_guard lock(limits_->mu);
  return limits_->total;
}

Response EventStreams::Open(const Request& request, const std::string& locale) {
  auto topics = ParseEventTopics(request.Query("topics").value_or(""));
  if (!topics) return ErrorResponse(topics.error());
  events::SubscribeOptions subscribe;
  subscribe.topics = std::move(*topics);
  if (std::string_view header = request.Header("last-event-id"); !header.empty()) {
    // The browser sends back what it was given; anything else is an unknown position, and 0 is
    // older than every id, so the stream starts with a resync.
    subscribe.last_event_id = ParseEventId(header).value_or(0);
  } else if (auto query = request.Query("last_event_id"); query.has_value()) {
    subscribe.last_event_id = ParseEventId(*query);
    if (!subscribe.last_event_id) {
      return ErrorResponse(Error{Errc::kInvalidArgument, "last_event_id must be an event id",
                                 "last_event_id", std::nullopt, std::nullopt});
    }
  }
  auto slot = Slot::Take(limits_, request.remote_address);
  if (auto* refused = std::get_if<Response>(&slot)) return std::move(*refused);

  Response response;
  response.content_type = "text/event-stream; charset=utf-8";
  response.Header("Cache-Control", "no-store");
  // nginx buffers proxied responses unless told not to; events must not wait in a buffer.
  response.Header("X-Accel-Buffering", "no");
  response.stream = std::make_shared<EventStreamSource>(
      hub_, std::move(subscribe), locale, std::move(std::get<std::unique_ptr<Slot>>(slot)),
      limits_);
  return response;
}

}  // namespace plaza::http
