#include "http/static_files.hpp"

#include <string>

namespace plaza::http {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view WithoutWeakPrefix(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

// If-None-Match uses the weak comparison: "W/" prefixes do not matter.
bool NoneMatchNames(std::string_view if_none_match, std::string_view etag) {
  if (Trim(if_none_match) == "*") return true;
  etag = WithoutWeakPrefix(etag);
  while (!if_none_match.empty()) {
    std::size_t comma = if_none_match.find(',');
    std::string_view tag = Trim(if_none_match.substr(0, comma));
    if (!tag.empty() && WithoutWeakPrefix(tag) == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

Response ServeAsset(const Request& request, const web::Asset* asset) {
  if (asset == nullptr) {
    Response missing;
    missing.status = 404;
    missing.content_type = "text/plain; charset=utf-8";
    missing.body = "not found\n";
    return missing;
  }
  Response response;
  bool versioned = request.Query("v").has_value();
  std::string cache_control =
      versioned ? "public, max-age=31536000, immutable" : "public, max-age=300";
  if (!asset->etag.empty()) response.Header("ETag", std::string(asset->etag));
  response.Header("Cache-Control", std::move(cache_control));
  std::string_view if_none_match = request.Header("if-none-match");
  if (!if_none_match.empty() && !asset->etag.empty() &&
      NoneMatchNames(if_none_match, asset->etag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = std::string(asset->content_type);
  response.body_view = asset->body;
  return response;
}

void AddStaticRoute(Router& router, AssetLookup lookup) {
  router.Add("GET", "/robots.txt", FastHandler([lookup](Request& request) {
               return ServeAsset(request, lookup("static/robots.txt"));
             }));
  router.Add("GET", "/static/{rest...}",
             FastHandler([lookup = std::move(lookup)](Request& request) {
               auto rest = request.params.find("rest");
               std::string path = "static/";
               if (rest != request.params.end()) path += rest->second;
               return ServeAsset(request, lookup(path));
             }));
}

}  // namespace plaza::http
