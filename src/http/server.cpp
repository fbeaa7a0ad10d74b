#include "http/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "http/encoding.hpp"
#include "http/request_parser.hpp"
#include "http/wire.hpp"
#include "ops/metrics.hpp"

namespace plaza::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using Socket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderChunk = 4096;
constexpr std::size_t kBodyChunk = std::size_t{64} << 10;
// After an early error response the rest of the request is read and dropped for a while, so
// that closing does not reset the connection before the client has read the response.
constexpr std::size_t kLingerBytes = std::size_t{8} << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);
// Per-connection buffers that grew past this for one large request are given back.
constexpr std::size_t kKeepCapacity = std::size_t{64} << 10;
// A streaming client has nothing to send; one that keeps sending is cut off past this.
constexpr std::size_t kMaxStreamInput = std::size_t{64} << 10;
// How long the end of a stream may take to write once the stream is over.
constexpr auto kStreamEndTimeout = std::chrono::seconds(1);

constexpr std::string_view kMethodNames[] = {"GET",   "HEAD",   "POST",    "PUT",
                                             "PATCH", "DELETE", "OPTIONS", "OTHER"};

std::size_t MethodId(std::string_view method) {
  for (std::size_t i = 0; i + 1 < std::size(kMethodNames); ++i) {
    if (kMethodNames[i] == method) return i;
  }
  return std::size(kMethodNames) - 1;  // a stranger's method never becomes a label value
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// The kernel's ceiling for RLIMIT_NOFILE when the hard limit says "unlimited".
rlim_t KernelFileCeiling() {
  unsigned long long ceiling = 1 << 20;  // the kernel's default nr_open
  if (std::FILE* f = std::fopen("/proc/sys/fs/nr_open", "r")) {
    if (std::fscanf(f, "%llu", &ceiling) != 1) ceiling = 1 << 20;
    std::fclose(f);
  }
  return static_cast<rlim_t>(ceiling);
}

// Each connection (event streams stay open for hours) holds a descriptor: raise the soft limit
// to the hard one. Returns the limit in force.
rlim_t RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur >= limit.rlim_max) return limit.rlim_cur;
  rlim_t wanted = limit.rlim_max;
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) == 0) return wanted;
  // An "unlimited" hard limit cannot be set as the soft one beyond fs.nr_open.
  if (wanted == RLIM_INFINITY) {
    limit.rlim_cur = KernelFileCeiling();
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0) return limit.rlim_cur;
  }
  spdlog::warn("could not raise the open file limit to {}",
               static_cast<unsigned long long>(wanted));
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

// A streamed body's bytes, as one chunk of the chunked encoding when `chunked`.
void FrameChunk(std::string_view bytes, bool chunked, std::string& out) {
  out.clear();
  if (!chunked) {
    out.append(bytes);
    return;
  }
  char size[20];
  int n = std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  out.append(size, static_cast<std::size_t>(n));
  out.append(bytes);
  out.append("\r\n");
}

std::string AddressText(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::string_view BufferText(const beast::flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

}  // namespace

namespace detail {

struct Connection;
struct StreamState;

/// One event loop and the connections it serves; touched only from its own thread, except for
/// `ioc` itself.
struct Shard {
  std::unique_ptr<asio::io_context> ioc = std::make_unique<asio::io_context>(1);
  std::optional<asio::steady_timer> sweeper;
  Connection* connections = nullptr;  // intrusive list
  // Metric series looked up once per (route, method, status) on this thread.
  std::unordered_map<std::uint64_t, ops::Counter*> request_counters;
  std::vector<ops::Histogram*> latency_by_route;
};

struct ServerImpl {
  ServerImpl(ServerOptions o, ops::Registry* m);

  asio::awaitable<void> Accept(tcp::acceptor& acceptor);
  asio::awaitable<void> Sweep(Shard& shard, asio::steady_timer& timer);
  asio::awaitable<void> Serve(Shard& shard, Socket socket);
  asio::awaitable<void> Reject(Connection& conn, int status, std::string_view message,
                               bool unread_body);
  asio::awaitable<StreamEnd> Stream(Connection& conn, StreamSource& source, bool chunked);
  asio::awaitable<void> StreamResponse(Connection& conn, StreamSource& source, bool http10);
  void BeginStop();
  void Finish();
  void ConnectionClosed();
  void Record(Shard& shard, const Endpoint* endpoint, std::string_view method, int status,
              SteadyClock::duration elapsed);
  Response ErrorPageFor(const Request& request, int status);
  Response NotFound(const Request& request);
  Response MethodNotAllowed(const Request& request, std::string allow);
  Response InternalError(const Request& request);
  void RunShard(std::size_t index);

  ServerOptions options;
  Router router;
  WorkerPool workers;
  WorkerPool render_workers;
  ops::Registry* metrics;
  ops::Family<ops::Counter>* requests_total = nullptr;
  ops::Family<ops::Histogram>* request_seconds = nullptr;
  ops::Gauge* open_gauge = nullptr;
  ops::Counter* refused_total = nullptr;
  TrustedProxies proxies;
  std::chrono::milliseconds header_timeout, body_timeout, idle_timeout;
  SteadyClock::duration tick;
  std::size_t max_route_body = 0;

  std::vector<std::unique_ptr<Shard>> shards;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  std::optional<asio::steady_timer> grace_timer;
  std::size_t next_shard = 0;
  std::uint16_t bound_port = 0;

  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> finished{false};
  std::atomic<bool> warned_forwarded{false};  // the untrusted-proxy warning was logged

  enum class State { kIdle, kListening, kRunning, kStopped };
  std::mutex mu;
  State state = State::kIdle;   // guarded by mu
  bool stop_requested = false;  // guarded by mu
};

/// A live connection; lives in its session coroutine's frame.
struct Connection {
  Connection(ServerImpl& impl, Shard& shard, Socket s)
      : impl(impl), shard(shard), socket(std::move(s)) {
    next = shard.connections;
    if (next != nullptr) next->prev = this;
    shard.connections = this;
  }
  ~Connection() {
    if (prev != nullptr) prev->next = next;
    if (next != nullptr) next->prev = prev;
    if (shard.connections == this) shard.connections = next;
    impl.ConnectionClosed();
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Cancel() {
    beast::error_code ec;
    socket.cancel(ec);
  }

  ServerImpl& impl;
  Shard& shard;
  Socket socket;
  beast::flat_buffer buffer;
  Request request;
  std::string head;  // the serialized response head, reused
  std::string peer;
  bool untrusted_loopback = false;  // a peer on this host that is not a trusted proxy
  SteadyClock::time_point deadline = SteadyClock::time_point::max();
  bool idle = false;       // waiting for the first byte of a request: closed at once on Stop()
  bool timed_out = false;  // the sweep cancelled it for its deadline
  StreamState* stream = nullptr;  // while a streamed response is being sent
  Connection* prev = nullptr;
  Connection* next = nullptr;
};

/// A streamed response's link between the threads that wake it and its connection's thread.
/// Shared by the wake callback, the posted wake-ups and the read that watches for the client
/// closing, so none of them outlives what it touches.
struct StreamState {
  explicit StreamState(asio::io_context::executor_type e) : executor(std::move(e)) {}

  /// From any thread: posts one wake-up to the connection's thread unless one is pending.
  static void Wake(const std::shared_ptr<StreamState>& state) {
    std::lock_guard lock(state->mu);
    if (!state->alive || state->posted) return;
    state->posted = true;
    asio::post(state->executor, [state] { state->OnWake(); });
  }

  /// No more posts: the stream is over, or its event loop is about to be destroyed.
  void Disable() {
    std::lock_guard lock(mu);
    alive = false;
  }

  // The members below belong to the connection's thread.
  void OnWake() {
    {
      std::lock_guard lock(mu);
      posted = false;
    }
    if (timer == nullptr) return;  // the stream is over
    woken = true;
    timer->cancel();
    // A write stuck on a slow client would keep a dropped subscriber's connection open.
    if (writing && source->Abandoned()) {
      abandoned = true;
      CancelConnection();
    }
  }

  void Stop() {
    if (timer == nullptr) return;
    timer->cancel();
    CancelConnection();
  }

  // Now, and on every sweep until the stream's loop sets a deadline of its own (see Sweep).
  void CancelConnection() {
    conn->deadline = SteadyClock::time_point::min();
    conn->Cancel();
  }

  asio::io_context::executor_type executor;
  std::mutex mu;
  bool alive = true;    // guarded by mu
  bool posted = false;  // guarded by mu

  asio::steady_timer* timer = nullptr;  // null once the stream is over
  StreamSource* source = nullptr;
  Connection* conn = nullptr;
  bool woken = false;
  bool writing = false;
  bool abandoned = false;
  bool client_gone = false;
  std::size_t read_bytes = 0;
  std::array<char, 512> read_buffer{};
};

}  // namespace detail

using detail::Connection;
using detail::ServerImpl;
using detail::Shard;
using detail::StreamState;

namespace {

// Reads (and drops) what a streaming client sends, to notice when it closes the connection even
// while there is nothing to write to it.
void WatchForClose(const std::shared_ptr<StreamState>& state, Socket& socket) {
  auto on_read = [state, &socket](const beast::error_code& ec, std::size_t n) {
    // Once the stream is over the socket may be gone.
    if (state->timer == nullptr) return;
    state->read_bytes += n;
    if (ec || state->read_bytes > kMaxStreamInput) {
      state->client_gone = true;
      state->timer->cancel();
      return;
    }
    WatchForClose(state, socket);
  };
  socket.async_read_some(asio::buffer(state->read_buffer), std::move(on_read));
}

thread_local const ServerImpl* tls_running_impl = nullptr;

}  // namespace

ServerImpl::ServerImpl(ServerOptions o, ops::Registry* m)
    : options(std::move(o)),
      workers(options.worker_threads),
      render_workers(options.render_threads),
      metrics(m),
      header_timeout(options.header_timeout_ms),
      body_timeout(options.body_timeout_ms),
      idle_timeout(options.idle_timeout_ms) {
  int io_threads = options.io_threads < 1 ? 1 : options.io_threads;
  for (int i = 0; i < io_threads; ++i) shards.push_back(std::make_unique<Shard>());
  // Deadlines are checked by a sweep rather than a timer per operation: cheaper per request,
  // and a quarter of the shortest timeout is precise enough.
  auto shortest = std::min({header_timeout, body_timeout, idle_timeout});
  tick = std::clamp<SteadyClock::duration>(shortest / 4, std::chrono::milliseconds(5),
                                           std::chrono::milliseconds(250));
  if (metrics != nullptr) {
    requests_total = &metrics->AddCounter("plaza_http_requests_total", "HTTP requests answered.",
                                          {"route", "method", "status"});
    request_seconds =
        &metrics->AddHistogram("plaza_http_request_duration_seconds",
                               "Time from a complete request to its response being ready.",
                               {"route"}, ops::LatencyBuckets());
    open_gauge =
        &metrics->AddGauge("plaza_http_open_connections", "Open HTTP connections.").WithLabels({});
    refused_total =
        &metrics
             ->AddCounter("plaza_http_refused_connections_total",
                          "Connections closed at once because max_connections were open.")
             .WithLabels({});
  }
}

void ServerImpl::ConnectionClosed() {
  if (open_gauge != nullptr) open_gauge->Add(-1);
  if (open.fetch_sub(1) == 1 && stopping.load() && !finished.load()) {
    asio::post(*shards[0]->ioc, [this] {
      if (open.load() == 0) Finish();
    });
  }
}

void ServerImpl::BeginStop() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  if (acceptor) acceptor->close(ec);
  if (signals) signals->cancel(ec);
  for (auto& shard : shards) {
    asio::post(*shard->ioc, [s = shard.get()] {
      for (Connection* c = s->connections; c != nullptr; c = c->next) {
        if (c->idle) c->Cancel();
        // Event streams never finish on their own: end them now, not after the grace period.
        if (c->stream != nullptr) c->stream->Stop();
      }
    });
  }
  grace_timer.emplace(*shards[0]->ioc, std::chrono::milliseconds(options.shutdown_grace_ms));
  grace_timer->async_wait([this](const beast::error_code& wait_ec) {
    if (wait_ec) return;
    if (open.load() > 0) {
      spdlog::warn("shutdown grace period over: closing {} connections", open.load());
    }
    Finish();
  });
  if (open.load() == 0) Finish();
}

void ServerImpl::Finish() {
  if (finished.exchange(true)) return;
  for (auto& shard : shards) shard->ioc->stop();
}

asio::awaitable<void> ServerImpl::Accept(tcp::acceptor& acceptor) {
  for (;;) {
    Shard& target = *shards[next_shard++ % shards.size()];
    auto [ec, socket] = co_await acceptor.async_accept(*target.ioc, kNoThrow);
    if (stopping.load() || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors and the like: pause instead of spinning on the error.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(*shards[0]->ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    if (open.load() >= options.max_connections) {
      if (refused_total != nullptr) refused_total->Inc();
      beast::error_code close_ec;
      socket.close(close_ec);
      continue;
    }
    open.fetch_add(1);
    if (open_gauge != nullptr) open_gauge->Add(1);
    asio::co_spawn(target.ioc->get_executor(), Serve(target, std::move(socket)),
                   [](const std::exception_ptr& e) {
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       spdlog::error("connection ended by an exception: {}", ex.what());
                     } catch (...) {
                       spdlog::error("connection ended by an unknown exception");
                     }
                   });
  }
}

asio::awaitable<void> ServerImpl::Sweep(Shard& shard, asio::steady_timer& timer) {
  for (;;) {
    timer.expires_after(tick);
    auto [ec] = co_await timer.async_wait(kNoThrow);
    if (ec) co_return;
    auto now = SteadyClock::now();
    for (Connection* c = shard.connections; c != nullptr; c = c->next) {
      // Cancelled on every tick until the connection moves on: a cancel finds nothing to
      // cancel when it lands between two steps of a composed write (one completed, the next
      // not yet started), and the next step would wait without a deadline.
      if (c->deadline <= now) {
        c->timed_out = true;
        c->Cancel();
      }
    }
  }
}

Response ServerImpl::ErrorPageFor(const Request& request, int status) {
  Response page;
  try {
    page = router.error_page() ? router.error_page()(request, status)
                               : DefaultErrorPage(request, status);
  } catch (const std::exception& e) {
    spdlog::error("rid={} error page for {} threw: {}", request.request_id, status, e.what());
    page = DefaultErrorPage(request, status);
  }
  page.status = status;
  return page;
}

Response ServerImpl::NotFound(const Request& request) {
  if (IsApiPath(request.path)) {
    return ErrorResponse(Error{Errc::kNotFound, "no such endpoint", {}, {}, {}});
  }
  return ErrorPageFor(request, 404);
}

Response ServerImpl::MethodNotAllowed(const Request& request, std::string allow) {
  Response response =
      IsApiPath(request.path)
          ? JsonResponse(
                405, R"({"error":{"code":"method_not_allowed","message":"method not allowed"}})")
          : ErrorPageFor(request, 405);
  response.Header("Allow", std::move(allow));
  return response;
}

Response ServerImpl::InternalError(const Request& request) {
  if (IsApiPath(request.path)) {
    return ErrorResponse(Error{Errc::kInternal, "internal error", {}, {}, {}});
  }
  return ErrorPageFor(request, 500);
}

void ServerImpl::Record(Shard& shard, const Endpoint* endpoint, std::string_view method, int status,
                        SteadyClock::duration elapsed) {
  if (metrics == nullptr) return;
  std::size_t route = endpoint == nullptr ? 0 : endpoint->index + 1;
  std::size_t method_id = MethodId(method);
  std::uint64_t key = (static_cast<std::uint64_t>(route) << 24) | (method_id << 12) |
                      static_cast<std::uint64_t>(status & 0xFFF);
  // Both arms as views: a std::string arm would make the result a dangling temporary.
  std::string_view route_label =
      endpoint == nullptr ? std::string_view("unmatched") : std::string_view(endpoint->pattern);
  ops::Counter*& counter = shard.request_counters[key];
  if (counter == nullptr) {
    std::string status_text = std::to_string(status);
    counter = &requests_total->WithLabels({route_label, kMethodNames[method_id], status_text});
  }
  counter->Inc();
  if (shard.latency_by_route.size() <= route) {
    shard.latency_by_route.resize(router.endpoints().size() + 1, nullptr);
  }
  ops::Histogram*& histogram = shard.latency_by_route[route];
  if (histogram == nullptr) histogram = &request_seconds->WithLabels({route_label});
  histogram->Observe(std::chrono::duration<double>(elapsed).count());
}

asio::awaitable<void> ServerImpl::Reject(Connection& conn, int status, std::string_view message,
                                         bool unread_body) {
  Request& req = conn.request;
  Errc code = status == 413 ? Errc::kPayloadTooLarge : Errc::kInvalidArgument;
  Response response = ErrorResponse(Error{code, std::string(message), {}, {}, {}});
  response.status = status;  // 431 has no Errc of its own
  HeadOptions head_options{req.request_id, /*keep_alive=*/false, /*http10=*/false};
  WriteResponseHead(response, head_options, conn.head);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(conn.head), asio::buffer(response.body)};
  conn.deadline = SteadyClock::now() + body_timeout;
  auto [ec, n] = co_await asio::async_write(conn.socket, buffers, kNoThrow);
  Record(conn.shard, nullptr, req.method, status, {});
  if (options.access_log) {
    spdlog::info("access rid={} remote={} status={} reason=\"{}\"", req.request_id, conn.peer,
                 status, message);
  }
  if (ec || !unread_body) co_return;
  // Lingering close: stop sending, drop what the client still sends for a while.
  beast::error_code shutdown_ec;
  conn.socket.shutdown(tcp::socket::shutdown_send, shutdown_ec);
  conn.deadline = SteadyClock::now() + std::min<SteadyClock::duration>(kLingerTime, body_timeout);
  std::size_t dropped = 0;
  while (dropped < kLingerBytes) {
    conn.buffer.consume(conn.buffer.size());
    auto [read_ec, read] =
        co_await conn.socket.async_read_some(conn.buffer.prepare(kBodyChunk), kNoThrow);
    if (read_ec) break;
    dropped += read;
  }
}

asio::awaitable<StreamEnd> ServerImpl::Stream(Connection& conn, StreamSource& source,
                                              bool chunked) {
  auto state = std::make_shared<StreamState>(conn.socket.get_executor());
  asio::steady_timer timer(conn.socket.get_executor());
  state->timer = &timer;
  state->source = &source;
  state->conn = &conn;
  conn.stream = state.get();
  struct Detach {
    StreamState& state;
    Connection& conn;
    ~Detach() {
      state.Disable();
      state.timer = nullptr;
      state.source = nullptr;
      state.conn = nullptr;
      conn.stream = nullptr;
    }
  } detach{*state, conn};

  source.Start([state] { StreamState::Wake(state); });
  WatchForClose(state, conn.socket);
  const SteadyClock::duration heartbeat =
      std::max<SteadyClock::duration>(source.heartbeat_interval(), std::chrono::milliseconds(1));
  const SteadyClock::duration write_timeout =
      std::max<SteadyClock::duration>(source.write_timeout(), std::chrono::milliseconds(1));
  auto next_beat = SteadyClock::now() + heartbeat;
  std::string frame;
  for (;;) {
    if (stopping.load(std::memory_order_relaxed)) co_return StreamEnd::kServerStopping;
    if (state->client_gone) co_return StreamEnd::kClientGone;
    state->woken = false;
    StreamChunk chunk = source.Next();
    auto now = SteadyClock::now();
    if (chunk.bytes.empty() && !chunk.end && now >= next_beat) chunk.bytes = source.Heartbeat();
    if (!chunk.bytes.empty()) {
      FrameChunk(chunk.bytes, chunked, frame);
      conn.timed_out = false;
      conn.deadline = now + write_timeout;
      state->writing = true;
      auto [ec, n] = co_await asio::async_write(conn.socket, asio::buffer(frame), kNoThrow);
      state->writing = false;
      conn.deadline = SteadyClock::time_point::max();
      if (ec) {
        if (state->abandoned) co_return StreamEnd::kAbandoned;
        if (stopping.load(std::memory_order_relaxed)) co_return StreamEnd::kServerStopping;
        if (conn.timed_out) co_return StreamEnd::kWriteTimeout;
        co_return StreamEnd::kClientGone;
      }
      next_beat = SteadyClock::now() + heartbeat;
      if (frame.capacity() > kKeepCapacity) std::string().swap(frame);
    }
    if (chunk.end) co_return StreamEnd::kSourceEnded;
    if (state->woken || state->client_gone) continue;
    timer.expires_at(next_beat);
    co_await timer.async_wait(kNoThrow);
  }
}

asio::awaitable<void> ServerImpl::StreamResponse(Connection& conn, StreamSource& source,
                                                 bool http10) {
  StreamEnd why = StreamEnd::kSourceEnded;
  try {
    why = co_await Stream(conn, source, !http10);
  } catch (const std::exception& e) {
    spdlog::error("rid={} stream ended by an exception: {}", conn.request.request_id, e.what());
  }
  source.Ended(why);
  if (!http10 && (why == StreamEnd::kSourceEnded || why == StreamEnd::kServerStopping)) {
    // The last chunk, so that the client sees a clean end rather than a cut connection.
    static constexpr std::string_view kLastChunk = "0\r\n\r\n";
    conn.timed_out = false;
    conn.deadline = SteadyClock::now() + kStreamEndTimeout;
    co_await asio::async_write(conn.socket, asio::buffer(kLastChunk.data(), kLastChunk.size()),
                               kNoThrow);
    conn.deadline = SteadyClock::time_point::max();
  }
}

asio::awaitable<void> ServerImpl::Serve(Shard& shard, Socket socket) {
  Connection conn(*this, shard, std::move(socket));
  if (stopping.load(std::memory_order_relaxed)) co_return;
  beast::error_code ec;
  conn.socket.set_option(tcp::no_delay(true), ec);
  auto endpoint = conn.socket.remote_endpoint(ec);
  if (ec) co_return;
  conn.peer = AddressText(endpoint.address());
  if (auto peer = IpAddress::Parse(conn.peer)) {
    conn.untrusted_loopback = peer->IsLoopback() && !proxies.Contains(*peer);
  }

  Request& req = conn.request;
  std::optional<RequestParser> parser;
  bool first_request = true;
  for (;;) {
    // ---- the header
    req.method.clear();
    req.target.clear();
    req.body.clear();
    NewRequestId(req.request_id);
    parser.emplace(req, options.max_header_count);
    parser->header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser->body_limit(max_route_body);
    parser->eager(false);
    bool waiting = conn.buffer.size() == 0;  // no byte of this request yet
    conn.deadline =
        SteadyClock::now() + (waiting && !first_request ? idle_timeout : header_timeout);
    std::size_t header_bytes = 0;
    // The request line may use the whole header allowance; beyond it the answer is 414.
    RequestHeadCheck head_check(options.max_header_bytes);
    std::size_t checked = 0;  // bytes at the front of conn.buffer that head_check has seen
    for (;;) {
      if (conn.buffer.size() > 0) {
        std::string_view bytes = BufferText(conn.buffer);
        auto finding = head_check.Feed(bytes.substr(checked));
        checked = bytes.size();
        if (finding != RequestHeadCheck::Finding::kNone) {
          parser->TrimHeaders();
          if (finding == RequestHeadCheck::Finding::kRequestLineTooLong) {
            co_await Reject(conn, 414, "request line too long", true);
          } else if (finding == RequestHeadCheck::Finding::kObsFold) {
            co_await Reject(conn, 400, "malformed request: folded header line (obs-fold)", true);
          } else {
            co_await Reject(conn, 400, "malformed request: a line does not end with CRLF", true);
          }
          co_return;
        }
        std::size_t used = parser->put(conn.buffer.data(), ec);
        conn.buffer.consume(used);
        checked -= used;
        header_bytes += used;
        if (parser->refusal() != 0) {
          co_await Reject(conn, parser->refusal(), parser->refusal_message(), true);
          co_return;
        }
        if (parser->is_header_done()) break;
        if (ec != bhttp::error::need_more || header_bytes > options.max_header_bytes) {
          parser->TrimHeaders();
          bool too_long = ec == bhttp::error::header_limit || ec == bhttp::error::need_more;
          if (ec == bhttp::error::body_limit) {
            co_await Reject(conn, 413, "request body too large", true);
          } else if (too_long && !head_check.request_line_done()) {
            co_await Reject(conn, 414, "request line too long", true);
          } else if (too_long) {
            co_await Reject(conn, 431, "request header too large or with too many fields", true);
          } else {
            co_await Reject(conn, 400, "malformed request: " + ec.message(), true);
          }
          co_return;
        }
      }
      conn.idle = waiting;
      if (waiting && stopping.load(std::memory_order_relaxed)) co_return;
      auto [read_ec, n] =
          co_await conn.socket.async_read_some(conn.buffer.prepare(kHeaderChunk), kNoThrow);
      conn.idle = false;
      conn.buffer.commit(n);
      if (read_ec) co_return;  // closed, reset, timed out or stopped
      if (waiting) {
        waiting = false;
        conn.deadline = SteadyClock::now() + header_timeout;
      }
    }

    // ---- target, route, limits
    if (!ParseTarget(req.target, req.path, req.query)) {
      co_await Reject(conn, 400, "malformed request target", true);
      co_return;
    }
    if (parser->host_count() > 1 || (parser->version() == 11 && parser->host_count() == 0)) {
      co_await Reject(conn, 400, "a request needs exactly one Host header", true);
      co_return;
    }
    RouteMatch match = router.Match(req.method, req.path, req.params);
    const Endpoint* route = match.endpoint;
    std::size_t body_limit = route != nullptr && route->options.max_body_bytes
                                 ? *route->options.max_body_bytes
                                 : options.max_body_bytes;
    if (auto length = parser->content_length(); length && *length > body_limit) {
      co_await Reject(conn, 413, "request body too large", true);
      co_return;
    }
    parser->set_route_body_limit(body_limit);

    // ---- the body
    if (!parser->is_done()) {
      if (parser->expects_continue() && parser->version() == 11 && conn.buffer.size() == 0) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        conn.deadline = SteadyClock::now() + body_timeout;
        auto [write_ec, written] = co_await asio::async_write(
            conn.socket, asio::buffer(kContinue.data(), kContinue.size()), kNoThrow);
        if (write_ec) co_return;
      }
      parser->eager(true);
      conn.deadline = SteadyClock::now() + body_timeout;
      std::size_t framing_checked =
          0;  // bytes at the front of conn.buffer known to hold no bare LF
      for (;;) {
        if (conn.buffer.size() > 0) {
          std::size_t used = parser->put(conn.buffer.data(), ec);
          conn.buffer.consume(used);
          if (used > 0) framing_checked = 0;
          if (parser->is_done()) break;
          if (ec && ec != bhttp::error::need_more) {
            if (ec == bhttp::error::body_limit) {
              co_await Reject(conn, 413, "request body too large", true);
            } else {
              co_await Reject(conn, 400, "malformed request body: " + ec.message(), true);
            }
            co_return;
          }
          // What the chunked parser left is framing (a chunk-size line, the trailer), never chunk
          // data. Beast waits for a CRLF there; a bare LF would hold the connection until the
          // body timeout, so it is refused at once.
          if (parser->chunked()) {
            std::string_view rest = BufferText(conn.buffer);
            if (FindBareLf(rest, framing_checked) != std::string_view::npos) {
              co_await Reject(conn, 400, "malformed chunked body: a line does not end with CRLF",
                              true);
              co_return;
            }
            framing_checked = rest.size();
          }
        }
        auto [read_ec, n] =
            co_await conn.socket.async_read_some(conn.buffer.prepare(kBodyChunk), kNoThrow);
        conn.buffer.commit(n);
        if (read_ec) co_return;
      }
    }
    conn.deadline = SteadyClock::time_point::max();  // handlers are not timed here
    auto start = SteadyClock::now();

    // ---- the client, the handler
    if (proxies.empty()) {
      req.remote_address.assign(conn.peer);
    } else {
      std::vector<std::string_view> forwarded;
      for (const auto& [name, value] : req.headers) {
        if (name == "x-forwarded-for") forwarded.push_back(value);
      }
      req.remote_address = proxies.ClientAddress(conn.peer, forwarded);
    }
    if (conn.untrusted_loopback && !warned_forwarded.load(std::memory_order_relaxed) &&
        !req.Header("x-forwarded-for").empty() && !warned_forwarded.exchange(true)) {
      // A reverse proxy on this host that is not trusted: every client behind it shares its
      // address, and so one rate-limit bucket. Said once, on the first such request.
      spdlog::warn(
          "a request from {} carries X-Forwarded-For, but {} is not in server.trusted_proxies: "
          "all clients behind that proxy share one address and its rate limits; if it is your "
          "reverse proxy, add it to server.trusted_proxies",
          conn.peer, conn.peer);
    }
    Response response;
    if (route != nullptr) {
      req.route.assign(route->pattern);
      try {
        if (route->fast) {
          response = route->fast(req);
        } else {
          response = co_await route->handler(req);
        }
      } catch (const std::exception& e) {
        spdlog::error("rid={} {} {} threw: {}", req.request_id, req.method, route->pattern,
                      e.what());
        response = InternalError(req);
      } catch (...) {
        spdlog::error("rid={} {} {} threw a non-exception", req.request_id, req.method,
                      route->pattern);
        response = InternalError(req);
      }
    } else {
      req.route.clear();
      response =
          match.allow.empty() ? NotFound(req) : MethodNotAllowed(req, std::move(match.allow));
    }

    // ---- the response
    // The flag itself, not a per-shard copy posted later: a response finished right after
    // Stop() must already say Connection: close. A stream ends by closing the connection.
    bool keep_alive = parser->keep_alive() && !stopping.load(std::memory_order_relaxed) &&
                      response.stream == nullptr;
    HeadOptions head_options{req.request_id, keep_alive, parser->version() == 10};
    if (!WriteResponseHead(response, head_options, conn.head)) {
      spdlog::error("rid={} {} {} returned a malformed header or status {}", req.request_id,
                    req.method, req.route, response.status);
      response = InternalError(req);
      WriteResponseHead(response, head_options, conn.head);
    }
    std::string_view body =
        req.method == "HEAD" || response.stream != nullptr ? std::string_view() : BodyOf(response);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(conn.head),
                                              asio::buffer(body.data(), body.size())};
    auto ready = SteadyClock::now();
    auto elapsed = ready - start;
    Record(shard, route, req.method, response.status, elapsed);
    conn.deadline = ready + body_timeout;
    auto [write_ec, written] = co_await asio::async_write(conn.socket, buffers, kNoThrow);
    conn.deadline = SteadyClock::time_point::max();
    if (options.access_log) {
      std::string_view target = req.target;
      if (target.size() > 200) target = target.substr(0, 200);
      spdlog::info(
          "access rid={} remote={} method={} target={} route={} status={} bytes={} ms={:.3f}",
          req.request_id, req.remote_address, req.method, target,
          route != nullptr ? std::string_view(route->pattern) : std::string_view("-"),
          response.status, body.size(), std::chrono::duration<double, std::milli>(elapsed).count());
    }
    if (!write_ec && response.stream != nullptr && req.method != "HEAD") {
      co_await StreamResponse(conn, *response.stream, head_options.http10);
    }
    if (write_ec || !keep_alive) {
      beast::error_code shutdown_ec;
      conn.socket.shutdown(tcp::socket::shutdown_both, shutdown_ec);
      co_return;
    }
    first_request = false;
    if (req.body.capacity() > kKeepCapacity) std::string().swap(req.body);
    if (conn.buffer.capacity() > kKeepCapacity && conn.buffer.size() == 0) {
      conn.buffer.shrink_to_fit();
    }
  }
}

void ServerImpl::RunShard(std::size_t index) {
  tls_running_impl = this;
  for (;;) {
    try {
      shards[index]->ioc->run();
      break;
    } catch (const std::exception& e) {
      spdlog::error("uncaught exception in I/O loop {}: {}", index, e.what());
    }
  }
  tls_running_impl = nullptr;
}

Server::Server(ServerOptions options, ops::Registry* metrics)
    : impl_(std::make_unique<ServerImpl>(std::move(options), metrics)) {}

Server::~Server() {
  // Work still running on the pool refers to handler frames that live in the event loops:
  // let it finish before the loops (and the frames) go.
  impl_->workers.Join();
  impl_->render_workers.Join();
  // Streams still open when the loops stopped are destroyed with their loops: publishers must
  // not post wake-ups into a loop that is being destroyed.
  for (auto& shard : impl_->shards) {
    for (Connection* c = shard->connections; c != nullptr; c = c->next) {
      if (c->stream != nullptr) c->stream->Disable();
    }
  }
  impl_->grace_timer.reset();
  impl_->signals.reset();
  impl_->acceptor.reset();
  for (auto& shard : impl_->shards) shard->sweeper.reset();
  impl_->finished.store(true);
  for (auto& shard : impl_->shards) shard->ioc.reset();
}

Router& Server::router() { return impl_->router; }
WorkerPool& Server::workers() { return impl_->workers; }
WorkerPool& Server::render_workers() { return impl_->render_workers; }
std::uint16_t Server::port() const { return impl_->bound_port; }
std::size_t Server::open_connections() const { return impl_->open.load(); }

Status Server::Listen() {
  ServerImpl& impl = *impl_;
  const ServerOptions& options = impl.options;
  if (options.max_header_bytes == 0 || options.max_header_bytes > 1 << 20 ||
      options.max_header_count < 1 || options.header_timeout_ms == 0 ||
      options.body_timeout_ms == 0 || options.idle_timeout_ms == 0) {
    return Fail(Errc::kInvalidArgument, "server limits and timeouts must be positive");
  }
  auto proxies = TrustedProxies::Parse(options.trusted_proxies);
  if (!proxies) return std::unexpected(proxies.error());
  impl.proxies = std::move(*proxies);
  impl.max_route_body = options.max_body_bytes;
  for (const auto& endpoint : impl.router.endpoints()) {
    const std::optional<std::size_t>& limit = endpoint->options.max_body_bytes;
    if (limit.has_value()) impl.max_route_body = std::max(impl.max_route_body, *limit);
  }
  rlim_t files = RaiseFileLimit();
  if (files != 0 && files != RLIM_INFINITY && files < options.max_connections + 64) {
    spdlog::warn("the open file limit ({}) is below max_connections ({}): raise it (ulimit -n)",
                 static_cast<unsigned long long>(files), options.max_connections);
  }

  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) {
    // A name ("localhost"): resolved once, at startup, so blocking is fine.
    tcp::resolver resolver(*impl.shards[0]->ioc);
    auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) {
      return Fail(Errc::kInvalidArgument, "cannot resolve host \"" + options.host + "\"", "host");
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, options.port);
  auto where = options.host + ":" + std::to_string(options.port);
  tcp::acceptor acceptor(*impl.shards[0]->ioc);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Fail(Errc::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  impl.bound_port = acceptor.local_endpoint(ec).port();
  impl.acceptor.emplace(std::move(acceptor));
  std::lock_guard lock(impl.mu);
  impl.state = ServerImpl::State::kListening;
  return {};
}

void Server::Run() {
  ServerImpl& impl = *impl_;
  {
    std::lock_guard lock(impl.mu);
    if (impl.state != ServerImpl::State::kListening || impl.stop_requested) {
      if (impl.state == ServerImpl::State::kIdle) spdlog::error("Server::Run() without Listen()");
      impl.state = ServerImpl::State::kStopped;
      return;
    }
    impl.state = ServerImpl::State::kRunning;
  }
  auto log_exception = [](const std::exception_ptr& e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("server task ended by an exception: {}", ex.what());
    } catch (...) {
      spdlog::error("server task ended by an unknown exception");
    }
  };
  asio::io_context& main = *impl.shards[0]->ioc;
  std::optional<tcp::acceptor>& acceptor = impl.acceptor;
  if (!acceptor.has_value()) return;  // Listen() made it; the state above says so
  asio::co_spawn(main, impl.Accept(*acceptor), log_exception);
  for (auto& shard : impl.shards) {
    asio::steady_timer& sweeper = shard->sweeper.emplace(*shard->ioc);
    asio::co_spawn(*shard->ioc, impl.Sweep(*shard, sweeper), log_exception);
  }
  if (impl.options.handle_signals) {
    impl.signals.emplace(main, SIGINT, SIGTERM);
    impl.signals->async_wait([&impl](const beast::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("signal {}: stopping gracefully", signal);
      impl.BeginStop();
    });
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.shards.size(); ++i) {
    threads.emplace_back([&impl, i] { impl.RunShard(i); });
  }
  impl.RunShard(0);
  for (auto& t : threads) t.join();
  std::lock_guard lock(impl.mu);
  impl.state = ServerImpl::State::kStopped;
}

void Server::Stop() {
  ServerImpl& impl = *impl_;
  {
    std::lock_guard lock(impl.mu);
    if (impl.state != ServerImpl::State::kRunning) {
      impl.stop_requested = true;
      return;
    }
  }
  auto closed = std::make_shared<std::promise<void>>();
  auto future = closed->get_future();
  asio::post(*impl.shards[0]->ioc, [&impl, closed] {
    impl.BeginStop();
    closed->set_value();
  });
  if (tls_running_impl == &impl) return;  // on an I/O thread: waiting would deadlock
  // The loop may already be finishing (a signal): then nothing will run the posted task.
  while (future.wait_for(std::chrono::milliseconds(20)) == std::future_status::timeout) {
    if (impl.finished.load()) return;
  }
}

}  // namespace plaza::http
