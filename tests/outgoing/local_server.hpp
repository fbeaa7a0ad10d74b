#pragma once

// A local server for tests of outgoing HTTP: Plaza's own HTTP server on 127.0.0.1, port 0, in
// this process, answering every method and path (absolute-form targets too, so it can stand in
// for a forward proxy) as the test says, and recording what it saw. The LLM engine's fake
// endpoint (tests/summarize/llm_fake_endpoint.hpp) is built on it.

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/message.hpp"
#include "http/server.hpp"

namespace plaza::outgoing::testing {

/// What the server saw of one request.
struct SeenRequest {
  std::string method;
  std::string target;  // as on the request line: "/api/x?q=1", or "http://host/api/x" via a proxy
  std::string path;    // percent-decoded path
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  /// The first header with that (lower-case) name, or "".
  std::string_view Header(std::string_view name) const;
};

class LocalServer {
 public:
  using Responder = std::function<http::Response(const SeenRequest&)>;

  /// Listens on 127.0.0.1:0 and serves on a thread of its own. Answers 200 "ok" until told
  /// otherwise.
  LocalServer();
  /// Releases held answers, stops the server and joins its thread.
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  /// "http://127.0.0.1:<port>".
  std::string url() const;
  std::uint16_t port() const;

  /// How to answer from now on (called on the server's threads, concurrently).
  void Answer(Responder responder);
  /// Answers wait (on the server's worker pool) until Release(); `arrived` fires when the first
  /// held request has come in.
  void HoldAnswers();
  void Release();
  /// Fulfilled when a held request has arrived.
  std::shared_future<void> arrived() const { return arrived_future_; }

  /// The requests seen so far, in arrival order.
  std::vector<SeenRequest> requests() const;

 private:
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  mutable std::mutex mutex_;
  Responder responder_;            // guarded by mutex_
  std::vector<SeenRequest> seen_;  // guarded by mutex_
  bool hold_ = false;              // guarded by mutex_
  bool released_ = false;          // guarded by mutex_
  bool arrived_set_ = false;       // guarded by mutex_
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::promise<void> arrived_;
  std::shared_future<void> arrived_future_ = arrived_.get_future().share();
};

/// A port that was just bound and released: nothing listens there any more.
std::uint16_t ClosedPort();

}  // namespace plaza::outgoing::testing
