#include "http/static_files.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/ascii.hpp"
#include "http/encoding.hpp"

namespace plaza::http {

namespace {

std::string_view WithoutWeakPrefix(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

// If-None-Match uses the weak comparison: "W/" prefixes do not matter.
bool NoneMatchNames(std::string_view if_none_match, std::string_view etag) {
  if (TrimSpacesAndTabs(if_none_match) == "*") return true;
  etag = WithoutWeakPrefix(etag);
  while (!if_none_match.empty()) {
    std::size_t comma = if_none_match.find(',');
    std::string_view tag = TrimSpacesAndTabs(if_none_match.substr(0, comma));
    if (!tag.empty() && WithoutWeakPrefix(tag) == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

bool Compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type.starts_with("application/javascript") ||
         content_type.starts_with("image/svg+xml");
}

// An asset's gzip form and its ETag, made on first request and kept for the process (assets are
// embedded, so never change). Null when compression does not pay.
struct GzipForm {
  std::string body;
  std::string etag;
};

const GzipForm* GzipFormOf(const web::Asset& asset) {
  constexpr std::size_t kMinBytes = 256;
  if (asset.body.size() < kMinBytes || !Compressible(asset.content_type)) return nullptr;
  static std::mutex mu;
  static std::map<const web::Asset*, std::unique_ptr<const GzipForm>> forms;  // GUARDED_BY(mu)
  std::lock_guard lock(mu);
  auto [it, inserted] = forms.try_emplace(&asset);
  if (inserted) {
    auto form = std::make_unique<GzipForm>();
    form->body = GzipCompress(asset.body);
    if (!form->body.empty() && form->body.size() < asset.body.size()) {
      std::string_view etag = asset.etag;
      // "abc" -> "abc-gz": a different representation needs a different strong tag.
      if (etag.size() >= 2 && etag.back() == '"') {
        form->etag = std::string(etag.substr(0, etag.size() - 1)) + "-gz\"";
      }
      it->second = std::move(form);
    }
  }
  return it->second.get();
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
  const GzipForm* gzip = GzipFormOf(*asset);
  const bool send_gzip = gzip != nullptr && AcceptsGzip(request.Header("accept-encoding"));
  std::string_view etag = send_gzip ? std::string_view(gzip->etag) : asset->etag;
  if (!etag.empty()) response.Header("ETag", std::string(etag));
  response.Header("Cache-Control", std::move(cache_control));
  if (gzip != nullptr) response.Header("Vary", "Accept-Encoding");
  std::string_view if_none_match = request.Header("if-none-match");
  if (!if_none_match.empty() && !etag.empty() && NoneMatchNames(if_none_match, etag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = std::string(asset->content_type);
  if (send_gzip) {
    response.Header("Content-Encoding", "gzip");
    response.body_view = gzip->body;
  } else {
    response.body_view = asset->body;
  }
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
