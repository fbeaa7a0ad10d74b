#pragma once

// Server-Sent Events over the event hub: topic validation, the wire format, the stream each
// subscriber gets, and the caps on open streams. No Beast here: the server drives the stream
// through http::StreamSource.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace plaza::events {
class EventHub;
}
namespace plaza::ops {
class Registry;
}

namespace plaza::http {

/// Topics one stream may ask for.
inline constexpr std::size_t kMaxEventTopics = 32;

struct EventStreamOptions {
  std::uint32_t heartbeat_ms = 15'000;      // a ": hb" comment after this long without a write
  std::uint32_t write_timeout_ms = 10'000;  // a write stuck longer drops the client
  std::uint32_t retry_ms = 3'000;           // the client's reconnection delay ("retry:")
  int max_connections = 8'000;              // open streams; more get 503 + Retry-After
  int max_per_address = 32;                 // open streams per client address; more get 429
};

/// Parses the `topics` parameter: a comma-separated list of 1 to kMaxEventTopics topics, each
/// `post:<id>` (decimal, no leading zero), `ticker:<SYMBOL>` (1-15 of A-Z0-9) or
/// `user:<handle>` (3-30 of a-z0-9_). kInvalidArgument with field "topics" otherwise (and the
/// limit when there are too many).
Result<std::vector<std::string>> ParseEventTopics(std::string_view list);

/// Appends one event in the text/event-stream format: `id:`, `event:` (CR and LF removed) and
/// one `data:` line per line of `data`, then a blank line.
void AppendSseEvent(std::string& out, std::uint64_t id, std::string_view type,
                    std::string_view data);

/// The `GET /api/v1/events` endpoint minus the locale negotiation (which needs the page
/// handlers' Deps): validation, caps, and the streamed response. Thread-safe.
class EventStreams {
 public:
  /// `hub` (and `metrics`, when set) must outlive the streams this opens.
  EventStreams(events::EventHub& hub, EventStreamOptions options, ops::Registry* metrics = nullptr);
  ~EventStreams();
  EventStreams(const EventStreams&) = delete;
  EventStreams& operator=(const EventStreams&) = delete;

  /// Opens a stream for `request` (?topics=, Last-Event-ID or ?last_event_id=) whose events are
  /// rendered for `locale`. 400 invalid_argument for bad topics or a malformed ?last_event_id=
  /// (a malformed Last-Event-ID header resumes as from an unknown id: the stream starts with a
  /// resync), 503 with Retry-After beyond max_connections, 429 with Retry-After beyond
  /// max_per_address (request.remote_address).
  Response Open(const Request& request, const std::string& locale);

  /// Streams open now (responses handed out and not yet destroyed).
  int open_streams() const;
  events::EventHub& hub() { return hub_; }

  struct Limits;  // the caps' state, shared with open streams (defined in sse.cpp)

 private:
  events::EventHub& hub_;
  std::shared_ptr<Limits> limits_;
};

}  // namespace plaza::http
