#include "events/events_options.hpp"

namespace plaza::events {

const config::Section<EventsOptions>& EventsSection() {
  static const auto section =
      config::Section<EventsOptions>("events", "live events (Server-Sent Events): docs/events.md")
          .Integer("ring_size", &EventsOptions::ring_size, 0, 1'000'000,
                   "recent events kept for Last-Event-ID resume (0 = none)")
          .Integer("max_pending", &EventsOptions::max_pending, 1, 100'000,
                   "events waiting for one subscriber; beyond, it is dropped")
          .Integer("heartbeat_ms", &EventsOptions::heartbeat_ms, 100, 3'600'000,
                   "\": hb\" comment on an idle stream (proxies close silent ones)")
          .Integer("write_timeout_ms", &EventsOptions::write_timeout_ms, 100, 3'600'000,
                   "a write to a stream stuck longer drops the client")
          .Integer("max_connections", &EventsOptions::max_connections, 0, 1'000'000,
                   "open streams; beyond, 503 + Retry-After (0 = endpoint off); keep it below "
                   "server.max_connections so pages still load")
          .Integer("max_per_address", &EventsOptions::max_per_address, 0, 1'000'000,
                   "open streams per client address; beyond, 429 + Retry-After");
  return section;
}

}  // namespace plaza::events
