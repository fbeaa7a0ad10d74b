#include "http/handlers/event_handlers.hpp"

#include "http/handler.hpp"
#include "http/handlers/common.hpp"
#include "http/sse.hpp"

namespace plaza::http {
namespace {

constexpr std::string_view kUserTopic = "user:";

// The reader of a stream: a bearer token (API clients), else the browser session's cookie.
boost::asio::awaitable<std::optional<User>> StreamReader(Request& request, Deps& deps) {
  if (!request.BearerToken().empty()) {
    auto viewer = co_await RequireApiViewer(request, deps);
    if (!viewer) co_return std::nullopt;
    co_return viewer->user;
  }
  auto viewer = co_await ResolveViewer(request, deps);
  if (!viewer) co_return std::nullopt;
  co_return viewer->user;
}

}  // namespace

boost::asio::awaitable<Response> ApiEvents(Request& request, Deps& deps) {
  // Bad topics are answered by Open(); a private topic needs its owner first.
  if (auto topics = ParseEventTopics(request.Query("topics").value_or(""))) {
    std::vector<std::string> handles;
    for (const std::string& topic : *topics) {
      if (topic.starts_with(kUserTopic)) handles.push_back(topic.substr(kUserTopic.size()));
    }
    if (!handles.empty()) {
      auto reader = co_await StreamReader(request, deps);
      if (!reader) {
        co_return ErrorResponse(Error{Errc::kUnauthenticated,
                                      "a user: topic needs the session cookie or a bearer token",
                                      "topics", std::nullopt, std::nullopt});
      }
      for (const std::string& handle : handles) {
        if (handle != reader->handle) {
          co_return ErrorResponse(Error{Errc::kForbidden,
                                        "user:" + handle + " is another user's topic", "topics",
                                        std::nullopt, std::nullopt});
        }
      }
    }
  }
  bool chose_new = false;  // an event stream sets no cookie: the page that opened it did
  std::string locale = ResolveLocale(request, deps, &chose_new);
  co_return deps.event_streams.Open(request, locale);
}

}  // namespace plaza::http
