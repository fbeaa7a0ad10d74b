#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/handler.hpp"
#include "http/router.hpp"

namespace plaza::ops {
class Registry;
}

namespace plaza::http {

namespace detail {
struct ServerImpl;
}

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: a free port, told by Server::port()
  int io_threads = 1;
  int worker_threads = 4;
  /// A second pool for CPU-heavy request work (rendering a post's Markdown, detecting its
  /// language): however much of it queues up, it never delays the store reads and /healthz
  /// that run on worker_threads.
  int render_threads = 2;
  std::uint32_t header_timeout_ms = 10000;  // first byte of a request to the end of its header
  std::uint32_t body_timeout_ms = 30000;    // reading a body; writing a response
  std::uint32_t idle_timeout_ms = 60000;    // a kept-alive connection awaiting its next request
  std::size_t max_body_bytes = 1 << 20;     // routes may set their own (RouteOptions)
  std::size_t max_header_bytes = 16 << 10;
  int max_header_count = 100;
  std::vector<std::string> trusted_proxies;  // addresses or CIDR ranges (X-Forwarded-For)
  int shutdown_grace_ms = 10000;
  std::size_t max_connections = 10000;  // more are closed as soon as they are accepted
  /// One spdlog line per request at info level (method, target, route, status, bytes,
  /// duration, request id, remote). Off by default: a synchronous log line costs about as
  /// much as the rest of a small request.
  bool access_log = false;
  /// SIGINT and SIGTERM stop the server gracefully.
  bool handle_signals = true;
};

/// The HTTP/1.1 server: a listener, keep-alive sessions as coroutines on `io_threads` event
/// loops (one per thread, connections dealt round-robin), the route table and the worker pool
/// for blocking work. Responses carry Date, Server, X-Request-Id and the security headers.
/// Protocol errors answer JSON: 400 malformed, 413 body too large, 431 header too large or too
/// many fields; unknown routes 404 and wrong methods 405 (JSON under /api/, else the router's
/// error page); a handler that throws gives 500 and the server keeps serving.
class Server {
 public:
  /// `metrics` (optional) must outlive the server: requests, latency and open connections are
  /// recorded into it.
  explicit Server(ServerOptions options, ops::Registry* metrics = nullptr);
  /// Waits for work still running on the worker pools.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Add routes here before Listen() (which reads their body limits); read-only afterwards.
  Router& router();
  /// For RunBlocking in handlers.
  WorkerPool& workers();
  /// For RunBlocking of CPU-heavy work (render_threads).
  WorkerPool& render_workers();

  /// Raises RLIMIT_NOFILE to its hard limit and binds the listener. kInvalidArgument for bad
  /// options, kUnavailable when the address cannot be bound.
  Status Listen();
  /// The bound port (after Listen()).
  std::uint16_t port() const;

  /// Serves on io_threads threads (this one included) until stopped. Call once, after Listen().
  void Run();

  /// Graceful stop, from any thread: stop accepting, close idle connections, let requests in
  /// flight finish (their responses say Connection: close) within shutdown_grace_ms, then close
  /// whatever is left and return from Run(). From outside the I/O threads it returns once the
  /// listener is closed. Stop() before Run() makes Run() return at once.
  void Stop();

  std::size_t open_connections() const;

 private:
  std::unique_ptr<detail::ServerImpl> impl_;
};

}  // namespace plaza::http
