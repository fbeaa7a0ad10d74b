#pragma once

// What route handlers need, and nothing of Beast: the handler types and RunBlocking. Handler
// files include this and http/message.hpp only.

#include <boost/asio/awaitable.hpp>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "http/message.hpp"

namespace plaza::http {

/// A route handler: a coroutine on the connection's I/O thread. It must not block: blocking work
/// goes through RunBlocking.
using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

/// A handler that answers at once on the I/O thread, without a coroutine frame (cached pages,
/// static files, health checks). It must not block either.
using FastHandler = std::function<Response(Request&)>;

class WorkerPool;

namespace detail {
/// Runs `fn` on a thread of `pool`, then resumes the awaiting coroutine on its own executor.
/// `fn` must not throw.
boost::asio::awaitable<void> RunOnPool(WorkerPool& pool, std::function<void()> fn);
}  // namespace detail

/// Threads for blocking work: service calls, SQLite, outgoing HTTP. I/O threads never block.
class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  /// Waits for the queued work (Join).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Runs what is queued to completion, then stops the threads. Idempotent.
  void Join();
  int threads() const { return threads_; }

 private:
  friend boost::asio::awaitable<void> detail::RunOnPool(WorkerPool&, std::function<void()>);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int threads_;
};

/// Runs `fn()` on the worker pool and resumes on the caller's I/O executor with its result; an
/// exception thrown by `fn` is rethrown here. `fn` is moved into the coroutine frame, and what it
/// captures by reference must outlive the co_await (locals of the awaiting handler do).
template <typename Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> RunBlocking(WorkerPool& pool, Fn fn) {
  using T = std::invoke_result_t<Fn&>;
  static_assert(!std::is_reference_v<T>, "RunBlocking returns values, not references");
  std::exception_ptr error;
  if constexpr (std::is_void_v<T>) {
    co_await detail::RunOnPool(pool, [&] {
      try {
        fn();
      } catch (...) {
        error = std::current_exception();
      }
    });
    if (error) std::rethrow_exception(error);
  } else {
    std::optional<T> result;
    co_await detail::RunOnPool(pool, [&] {
      try {
        result.emplace(fn());
      } catch (...) {
        error = std::current_exception();
      }
    });
    if (error) std::rethrow_exception(error);
    // Set unless fn threw, and a throw was rethrown above.
    co_return std::move(*result);  // NOLINT(bugprone-unchecked-optional-access)
  }
}

}  // namespace plaza::http
