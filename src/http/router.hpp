#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/handler.hpp"
#include "http/message.hpp"

namespace plaza::http {

struct RouteOptions {
  /// Bodies over this many bytes get 413; nullopt: the server's max_body_bytes.
  std::optional<std::size_t> max_body_bytes;
};

/// One registered method + pattern.
struct Endpoint {
  std::string method;
  std::string pattern;
  Handler handler;   // set for coroutine handlers
  FastHandler fast;  // set for fast handlers
  RouteOptions options;
  std::vector<std::string> param_names;  // in the order the pattern names them
  std::size_t index = 0;                 // dense, in registration order
};

struct RouteInfo {
  std::string method;
  std::string pattern;
};

/// What a request resolved to.
struct RouteMatch {
  const Endpoint* endpoint = nullptr;  // null: no route for this method and path
  /// With no endpoint: the methods the path has, as an Allow header value ("GET, HEAD, POST"),
  /// or "" when no route has that path at all (404 rather than 405).
  std::string allow;
};

/// Renders an HTML page for a status (404, 405, 500) on paths outside /api/.
using ErrorPage = std::function<Response(const Request&, int status)>;

/// The one route table. Patterns are '/'-separated segments: literals, `{name}` parameters (one
/// non-empty segment) and a final `{name...}` catch-all (the rest of the path, possibly empty,
/// slashes included). A literal beats a parameter, which beats a catch-all. Matching walks a
/// segment tree: no regular expressions, no allocation beyond the parameters it fills.
/// Routes are added before the server starts; matching is then safe from any thread.
class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  /// Throws std::invalid_argument for a malformed pattern or a method + pattern registered
  /// twice: both are programming errors found at startup.
  void Add(std::string_view method, std::string_view pattern, Handler handler,
           RouteOptions options = {});
  void Add(std::string_view method, std::string_view pattern, FastHandler handler,
           RouteOptions options = {});

  /// Finds the endpoint for `method` and the percent-decoded `path`, filling `params` (cleared
  /// first). HEAD falls back to GET.
  RouteMatch Match(std::string_view method, std::string_view path,
                   std::map<std::string, std::string, std::less<>>& params) const;

  /// Every method + pattern, in registration order (for the OpenAPI sync test).
  std::vector<RouteInfo> Routes() const;
  const std::vector<std::unique_ptr<Endpoint>>& endpoints() const { return endpoints_; }

  /// Replaces the built-in minimal HTML error page.
  void SetErrorPage(ErrorPage page) { error_page_ = std::move(page); }
  const ErrorPage& error_page() const { return error_page_; }

 private:
  struct Node;
  Endpoint& AddEndpoint(std::string_view method, std::string_view pattern, RouteOptions options);

  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  ErrorPage error_page_;
};

/// The built-in error page: a minimal HTML document with the ui-contract test ids.
Response DefaultErrorPage(const Request& request, int status);

}  // namespace plaza::http
