#pragma once

#include <boost/asio/awaitable.hpp>

#include "http/handlers/deps.hpp"
#include "http/message.hpp"

namespace plaza::http {

/// GET /api/v1/events?topics=post:123,ticker:BTC: Server-Sent Events for the topics, rendered
/// for the UI locale the pages would use (?lang=, the locale cookie, Accept-Language). See
/// docs/events.md. A `user:<handle>` topic is private: the reader must be that user (a bearer
/// token, or the session cookie a same-origin EventSource sends): 401 unauthenticated without
/// either, 403 forbidden (field "topics") for another user's topic.
boost::asio::awaitable<Response> ApiEvents(Request& request, Deps& deps);

}  // namespace plaza::http
