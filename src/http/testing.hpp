#pragma once

// Helpers for tests of handlers: no server, no sockets.

#include "http/handler.hpp"
#include "http/message.hpp"

namespace plaza::http {

/// Runs a coroutine handler to completion on a private event loop and returns its response;
/// rethrows what the handler throws. RunBlocking inside it uses whatever pool it names.
Response InvokeForTest(const Handler& handler, Request& request);

}  // namespace plaza::http
