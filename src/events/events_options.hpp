#pragma once

// [events]: live events over Server-Sent Events (docs/events.md), declared once.

#include "config/section.hpp"

namespace plaza::events {

struct EventsOptions {
  int ring_size = 1024;           // events kept for Last-Event-ID resume
  int max_pending = 256;          // per subscriber; a slower one is dropped
  int heartbeat_ms = 15'000;      // ": hb" comment on an idle stream
  int write_timeout_ms = 10'000;  // a write stuck longer drops the client
  int max_connections = 8'000;    // open streams (keep below server.max_connections)
  int max_per_address = 32;       // open streams per client address
};

/// The [events] section.
const config::Section<EventsOptions>& EventsSection();

}  // namespace plaza::events
