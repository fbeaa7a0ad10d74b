#pragma once

#include <functional>
#include <string_view>

#include "http/message.hpp"
#include "http/router.hpp"
#include "web/assets.hpp"

namespace plaza::http {

/// Finds an embedded file by path ("static/plaza.css"); web::FindAsset in production.
using AssetLookup = std::function<const web::Asset*(std::string_view path)>;

/// The response for `asset` (nullptr: 404): its bytes without a copy, its ETag, 304 when
/// If-None-Match names it, and `Cache-Control: public, max-age=31536000, immutable` when the
/// URL carries a `?v=` version, else `public, max-age=300`.
Response ServeAsset(const Request& request, const web::Asset* asset);

/// Registers `GET /static/{rest...}` as a fast route answered from lookup("static/" + rest),
/// and `GET /robots.txt` answered from lookup("static/robots.txt").
/// Production passes &web::FindAsset (linking plaza_web_assets).
void AddStaticRoute(Router& router, AssetLookup lookup);

}  // namespace plaza::http
