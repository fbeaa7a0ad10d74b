#include "http/router.hpp"

#include <array>
#include <stdexcept>

#include "http/wire.hpp"

namespace plaza::http {

struct Router::Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
  std::unique_ptr<Node> param;
  std::unique_ptr<Node> rest;
  std::vector<const Endpoint*> endpoints;  // routes whose pattern ends at this node
};

namespace {

constexpr std::size_t kMaxSegments = 32;

struct Segments {
  std::array<std::string_view, kMaxSegments> items;
  std::array<std::size_t, kMaxSegments> offsets;  // where each starts in the path
  std::size_t count = 0;
};

// "/" has no segments; "/a/b" has "a", "b"; "/a/" has "a", "". Past kMaxSegments the last
// segment keeps the rest of the path (slashes included): only a catch-all can take it.
Segments SplitPath(std::string_view path) {
  Segments s;
  if (path.size() <= 1) return s;
  std::size_t pos = 1;
  while (s.count < kMaxSegments) {
    std::size_t slash = s.count + 1 == kMaxSegments ? std::string_view::npos : path.find('/', pos);
    std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    s.items[s.count] = path.substr(pos, end - pos);
    s.offsets[s.count] = pos;
    ++s.count;
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return s;
}

const Endpoint* FindMethod(const std::vector<const Endpoint*>& endpoints, std::string_view method) {
  for (const Endpoint* e : endpoints) {
    if (e->method == method) return e;
  }
  if (method == "HEAD") {
    for (const Endpoint* e : endpoints) {
      if (e->method == "GET") return e;
    }
  }
  return nullptr;
}

std::string AllowHeader(const std::vector<const Endpoint*>& endpoints) {
  std::vector<std::string_view> methods;
  bool has_get = false;
  bool has_head = false;
  for (const Endpoint* e : endpoints) {
    methods.push_back(e->method);
    has_get = has_get || e->method == "GET";
    has_head = has_head || e->method == "HEAD";
  }
  if (has_get && !has_head) methods.push_back("HEAD");
  std::string allow;
  for (std::string_view m : methods) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  return allow;
}

struct Walk {
  std::string_view method;
  std::string_view path;
  const Segments& segments;
  std::array<std::string_view, kMaxSegments> captures{};
  std::size_t capture_count = 0;
  const std::vector<const Endpoint*>* first_path_match = nullptr;  // for 405's Allow

  template <typename NodeT>
  const Endpoint* Visit(const NodeT& node, std::size_t i) {
    if (i == segments.count) return AtEnd(node.endpoints);
    std::string_view segment = segments.items[i];
    for (const auto& [literal, child] : node.literals) {
      if (literal == segment) {
        if (const Endpoint* e = Visit(*child, i + 1)) return e;
        break;
      }
    }
    if (node.param && !segment.empty() && segment.find('/') == std::string_view::npos) {
      captures[capture_count++] = segment;
      if (const Endpoint* e = Visit(*node.param, i + 1)) return e;
      --capture_count;
    }
    if (node.rest) {
      captures[capture_count++] = path.substr(segments.offsets[i]);
      if (const Endpoint* e = AtEnd(node.rest->endpoints)) return e;
      --capture_count;
    }
    return nullptr;
  }

  const Endpoint* AtEnd(const std::vector<const Endpoint*>& endpoints) {
    if (endpoints.empty()) return nullptr;
    if (const Endpoint* e = FindMethod(endpoints, method)) return e;
    if (first_path_match == nullptr) first_path_match = &endpoints;
    return nullptr;
  }
};

bool IsParamName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

[[noreturn]] void BadPattern(std::string_view pattern, std::string_view why) {
  throw std::invalid_argument("route pattern \"" + std::string(pattern) +
                              "\": " + std::string(why));
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()), error_page_(DefaultErrorPage) {}
Router::~Router() = default;

Endpoint& Router::AddEndpoint(std::string_view method, std::string_view pattern,
                              RouteOptions options) {
  if (method.empty()) BadPattern(pattern, "empty method");
  if (pattern.empty() || pattern.front() != '/') BadPattern(pattern, "must start with '/'");
  auto endpoint = std::make_unique<Endpoint>();
  endpoint->method = std::string(method);
  endpoint->pattern = std::string(pattern);
  endpoint->options = options;
  endpoint->index = endpoints_.size();

  Node* node = root_.get();
  Segments segments = SplitPath(pattern);
  if (segments.count == kMaxSegments) BadPattern(pattern, "too many segments");
  for (std::size_t i = 0; i < segments.count; ++i) {
    std::string_view segment = segments.items[i];
    if (segment.empty()) BadPattern(pattern, "empty segment");
    if (segment.front() == '{') {
      if (segment.back() != '}') BadPattern(pattern, "unclosed parameter");
      std::string_view name = segment.substr(1, segment.size() - 2);
      bool rest = name.ends_with("...");
      if (rest) name.remove_suffix(3);
      if (!IsParamName(name)) BadPattern(pattern, "bad parameter name");
      for (const std::string& existing : endpoint->param_names) {
        if (existing == name) BadPattern(pattern, "parameter named twice");
      }
      endpoint->param_names.emplace_back(name);
      std::unique_ptr<Node>& child = rest ? node->rest : node->param;
      if (rest && i + 1 != segments.count) BadPattern(pattern, "catch-all must be last");
      if (!child) child = std::make_unique<Node>();
      node = child.get();
      continue;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) {
      BadPattern(pattern, "a parameter must be a whole segment");
    }
    Node* next = nullptr;
    for (auto& [literal, child] : node->literals) {
      if (literal == segment) next = child.get();
    }
    if (next == nullptr) {
      node->literals.emplace_back(std::string(segment), std::make_unique<Node>());
      next = node->literals.back().second.get();
    }
    node = next;
  }
  for (const Endpoint* e : node->endpoints) {
    if (e->method == method) BadPattern(pattern, "registered twice for " + std::string(method));
  }
  node->endpoints.push_back(endpoint.get());
  endpoints_.push_back(std::move(endpoint));
  return *endpoints_.back();
}

void Router::Add(std::string_view method, std::string_view pattern, Handler handler,
                 RouteOptions options) {
  if (!handler) BadPattern(pattern, "empty handler");
  AddEndpoint(method, pattern, options).handler = std::move(handler);
}

void Router::Add(std::string_view method, std::string_view pattern, FastHandler handler,
                 RouteOptions options) {
  if (!handler) BadPattern(pattern, "empty handler");
  AddEndpoint(method, pattern, options).fast = std::move(handler);
}

RouteMatch Router::Match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string, std::less<>>& params) const {
  params.clear();
  RouteMatch match;
  if (path.empty() || path.front() != '/') return match;
  Segments segments = SplitPath(path);
  Walk walk{method, path, segments};
  match.endpoint = walk.Visit(*root_, 0);
  if (match.endpoint != nullptr) {
    for (std::size_t k = 0; k < walk.capture_count && k < match.endpoint->param_names.size(); ++k) {
      params.emplace(match.endpoint->param_names[k], walk.captures[k]);
    }
  } else if (walk.first_path_match != nullptr) {
    match.allow = AllowHeader(*walk.first_path_match);
  }
  return match;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  routes.reserve(endpoints_.size());
  for (const auto& e : endpoints_) routes.push_back({e->method, e->pattern});
  return routes;
}

Response DefaultErrorPage(const Request& /*request*/, int status) {
  std::string code = std::to_string(status);
  std::string reason(ReasonPhrase(status));
  Response response;
  response.status = status;
  response.body =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + code + " " + reason +
      "</title></head><body><main data-testid=\"error-page\"><h1 data-testid=\"error-status\">" +
      code + "</h1><p>" + reason + "</p><p><a href=\"/\">Plaza</a></p></main></body></html>\n";
  return response;
}

}  // namespace plaza::http
