#pragma once

#include <span>
#include <string_view>

namespace plaza::web {

/// A file embedded in the binary at build time from src/web/{static,templates,locales}.
struct Asset {
  std::string_view path;  // "static/plaza.css", "templates/post.mustache", "locales/en.toml"
  std::string_view content_type;  // "text/css; charset=utf-8", ...
  std::string_view body;
  std::string_view etag;  // strong ETag, quoted, from a hash of the body
};

/// nullptr when no embedded file has that path.
const Asset* FindAsset(std::string_view path);

/// Every embedded file, sorted by path.
std::span<const Asset> AllAssets();

/// A short hash of every static file together, for cache-busting URLs (?v=...).
std::string_view StaticVersion();

}  // namespace plaza::web
