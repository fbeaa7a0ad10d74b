#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <stdexcept>

#include "http/handler.hpp"
#include "http/testing.hpp"

namespace plaza::http {

namespace asio = boost::asio;

struct WorkerPool::Impl {
  explicit Impl(int threads) : pool(static_cast<std::size_t>(threads)) {}
  asio::thread_pool pool;
  std::once_flag joined;
};

WorkerPool::WorkerPool(int threads)
    : impl_(std::make_unique<Impl>(threads < 1 ? 1 : threads)),
      threads_(threads < 1 ? 1 : threads) {}

WorkerPool::~WorkerPool() { Join(); }

void WorkerPool::Join() {
  std::call_once(impl_->joined, [this] { impl_->pool.join(); });
}

namespace detail {

asio::awaitable<void> RunOnPool(WorkerPool& pool, std::function<void()> fn) {
  auto io = co_await asio::this_coro::executor;
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [&pool, &fn, io](auto handler) {
        // The guard keeps the I/O loop alive while the work runs elsewhere; `fn` lives in this
        // suspended frame until the handler resumes it.
        auto work = asio::make_work_guard(io);
        asio::post(pool.impl_->pool,
                   [&fn, handler = std::move(handler), work = std::move(work)]() mutable {
                     fn();
                     auto executor = work.get_executor();
                     asio::post(executor, std::move(handler));
                   });
      },
      asio::use_awaitable);
}

}  // namespace detail

Response InvokeForTest(const Handler& handler, Request& request) {
  asio::io_context io;
  std::optional<Response> response;
  std::exception_ptr error;
  asio::co_spawn(io, handler(request), [&](const std::exception_ptr& e, Response r) {
    if (e) {
      error = e;
    } else {
      response = std::move(r);
    }
  });
  io.run();
  if (error) std::rethrow_exception(error);
  if (!response.has_value()) throw std::logic_error("handler did not complete");
  return std::move(*response);
}

}  // namespace plaza::http
