#pragma once

// [http_client]: outgoing HTTP's settings (docs/outgoing-http.md), declared once.

#include "config/section.hpp"
#include "outgoing/outgoing_options.hpp"

namespace plaza::outgoing {

/// The [http_client] section. Each key checks its own range when read; how keys relate
/// (connect_timeout_ms <= timeout_ms, backoff_initial_ms <= backoff_max_ms) is checked by
/// Validate when a client is built, at start-up.
const config::Section<OutgoingOptions>& HttpClientSection();

}  // namespace plaza::outgoing
