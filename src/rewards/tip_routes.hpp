#pragma once

// The HTTP routes of rewards (docs/rewards.md, docs/openapi.json):
//   POST /api/v1/posts/{id}/tips, POST /api/v1/comments/{id}/tips (404 until comment tips
//   are wired), GET /api/v1/posts/{id}/tips, GET /api/v1/wallet.

#include "rewards/rewards.hpp"

namespace plaza::http {
class Router;
struct Deps;
}  // namespace plaza::http

namespace plaza::rewards {

/// Adds the routes; `rewards` and `deps` must outlive the router.
void AddTipRoutes(http::Router& router, http::Deps& deps, Rewards& rewards);

}  // namespace plaza::rewards
