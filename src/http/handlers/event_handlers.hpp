#pragma once

#include "http/handlers/deps.hpp"
#include "http/message.hpp"

namespace plaza::http {

/// GET /api/v1/events?topics=post:123,ticker:BTC: Server-Sent Events for the topics, rendered
/// for the UI locale the pages would use (?lang=, the locale cookie, Accept-Language). See
/// docs/events.md.
Response ApiEvents(Request& request, Deps& deps);

}  // namespace plaza::http
