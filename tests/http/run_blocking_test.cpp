#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "http/handler.hpp"
#include "http/testing.hpp"

namespace plaza::http {
namespace {

TEST(RunBlocking, RunsOnAWorkerAndResumesOnTheCaller) {
  WorkerPool pool(2);
  std::thread::id caller, worker, resumed;
  Handler handler = [&](Request&) -> boost::asio::awaitable<Response> {
    caller = std::this_thread::get_id();
    int value = co_await RunBlocking(pool, [&] {
      worker = std::this_thread::get_id();
      return 41 + 1;
    });
    resumed = std::this_thread::get_id();
    Response response;
    response.body = std::to_string(value);
    co_return response;
  };
  Request request;
  Response response = InvokeForTest(handler, request);
  EXPECT_EQ(response.body, "42");
  EXPECT_NE(worker, caller);
  EXPECT_EQ(resumed, caller);
}

TEST(RunBlocking, PropagatesExceptions) {
  WorkerPool pool(1);
  Handler handler = [&](Request&) -> boost::asio::awaitable<Response> {
    co_await RunBlocking(pool, []() -> int { throw std::runtime_error("store down"); });
    co_return Response{};
  };
  Request request;
  EXPECT_THROW(InvokeForTest(handler, request), std::runtime_error);
}

TEST(RunBlocking, SupportsVoidAndMoveOnlyResults) {
  WorkerPool pool(1);
  bool ran = false;
  Handler handler = [&](Request&) -> boost::asio::awaitable<Response> {
    co_await RunBlocking(pool, [&] { ran = true; });
    auto owned = co_await RunBlocking(pool, [] { return std::make_unique<int>(7); });
    Response response;
    response.body = std::to_string(*owned);
    co_return response;
  };
  Request request;
  EXPECT_EQ(InvokeForTest(handler, request).body, "7");
  EXPECT_TRUE(ran);
}

TEST(RunBlocking, CarriesResultTypes) {
  WorkerPool pool(1);
  Handler handler = [&](Request&) -> boost::asio::awaitable<Response> {
    Result<int> failed = co_await RunBlocking(
        pool, []() -> Result<int> { return Fail(Errc::kNotFound, "no such post"); });
    if (!failed) co_return ErrorResponse(failed.error());
    co_return Response{};
  };
  Request request;
  EXPECT_EQ(InvokeForTest(handler, request).status, 404);
}

}  // namespace
}  // namespace plaza::http
