#pragma once

// The pages of rewards (docs/rewards.md): GET /wallet (balances and history, signed in), and
// the reward form that works without script: GET and POST /p/{id}/reward, /c/{id}/reward.
// The form carries a one-time token (comments::MakeFormToken) that is the tip's idempotency
// key, so a double submit moves value once.

#include "rewards/rewards.hpp"

namespace plaza::http {
class Router;
struct Deps;
}  // namespace plaza::http

namespace plaza::rewards {

/// Adds the page routes; `rewards` and `deps` must outlive the router.
void AddRewardPages(http::Router& router, http::Deps& deps, Rewards& rewards);

}  // namespace plaza::rewards
