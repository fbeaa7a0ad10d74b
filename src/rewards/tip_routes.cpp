#include "rewards/tip_routes.hpp"

#include <array>
#include <charconv>
#include <string>

#include "http/handler.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/deps.hpp"
#include "http/json.hpp"
#include "http/router.hpp"
#include "rewards/views.hpp"

namespace plaza::rewards {
namespace {

using http::Deps;
using http::Request;
using http::Response;
using Awaitable = boost::asio::awaitable<Response>;

constexpr int kTipListLimit = 50;

constexpr std::array kTipSpec = {
    http::JsonFieldSpec{"asset", http::JsonType::kString, true},
    http::JsonFieldSpec{"amount", http::JsonType::kString, true},
    http::JsonFieldSpec{"message", http::JsonType::kString, false},
};

Result<std::int64_t> PathId(const Request& request, const char* what) {
  auto it = request.params.find("id");
  std::int64_t id = 0;
  if (it != request.params.end()) {
    const std::string& text = it->second;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec == std::errc() && p == text.data() + text.size() && id > 0) return id;
  }
  return Fail(Errc::kNotFound, std::string("no ") + what + " has that id");
}

// Compares without an early exit, so the time taken says nothing about the token.
bool SameToken(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The caller of a rewards API route: a Bearer token, or the page's session cookie with its
// CSRF token in X-CSRF-Token (the reward dialog's fetch).
boost::asio::awaitable<Result<Viewer>> Caller(Request& request, Deps& deps) {
  if (!request.BearerToken().empty()) co_return co_await http::RequireApiViewer(request, deps);
  auto viewer = co_await http::ResolveViewer(request, deps);
  if (!viewer) co_return Fail(Errc::kUnauthenticated, "log in to tip");
  if (!SameToken(request.Header("x-csrf-token"), viewer->csrf)) {
    co_return Fail(Errc::kForbidden, "the X-CSRF-Token header is missing or wrong", "X-CSRF-Token");
  }
  co_return *viewer;
}

Awaitable PostTip(Request& request, Deps& deps, Rewards& rewards, TipSubjectKind kind) {
  auto id = PathId(request, kind == TipSubjectKind::kPost ? "post" : "comment");
  if (!id) co_return http::ErrorResponse(id.error());
  auto viewer = co_await Caller(request, deps);
  if (!viewer) co_return http::ErrorResponse(viewer.error());
  auto fields = http::ParseJsonFields(request.body, kTipSpec);
  if (!fields) co_return http::ErrorResponse(fields.error());
  TipRequest tip;
  tip.tipper_id = viewer->user.id;
  tip.tipper_handle = viewer->user.handle;
  tip.subject_kind = kind;
  tip.subject_id = *id;
  tip.asset = std::string(fields->String("asset").value_or(""));
  tip.amount = std::string(fields->String("amount").value_or(""));
  tip.message = std::string(fields->String("message").value_or(""));
  tip.idempotency_key = std::string(request.Header("idempotency-key"));
  auto outcome = co_await http::RunBlocking(deps.pool, [&] { return rewards.Tip(tip); });
  if (!outcome) co_return http::ErrorResponse(outcome.error());
  const TipAsset* asset = rewards.FindAsset(outcome->tip.asset);
  const TipAsset fallback{outcome->tip.asset, 0, "0", ""};
  Response response =
      http::JsonResponse(201, TipJson(outcome->tip, asset != nullptr ? *asset : fallback));
  if (outcome->replayed) response.Header("Idempotent-Replayed", "true");
  co_return response;
}

Awaitable ListTips(Request& request, Deps& deps, Rewards& rewards) {
  auto id = PathId(request, "post");
  if (!id) co_return http::ErrorResponse(id.error());
  auto tips = co_await http::RunBlocking(
      deps.pool, [&] { return rewards.TipsOn(TipSubjectKind::kPost, *id, kTipListLimit); });
  if (!tips) co_return http::ErrorResponse(tips.error());
  co_return http::JsonResponse(200, TipListJson(*tips, rewards));
}

Awaitable GetWallet(Request& request, Deps& deps, Rewards& rewards) {
  auto viewer = co_await Caller(request, deps);
  if (!viewer) co_return http::ErrorResponse(viewer.error());
  auto wallet =
      co_await http::RunBlocking(deps.pool, [&] { return rewards.Wallet(viewer->user.id); });
  if (!wallet) co_return http::ErrorResponse(wallet.error());
  Response response = http::JsonResponse(200, WalletJson(*wallet));
  response.Header("Cache-Control", "private, no-store");
  co_return response;
}

}  // namespace

void AddTipRoutes(http::Router& router, Deps& deps, Rewards& rewards) {
  router.Add("POST", "/api/v1/posts/{id}/tips", [&deps, &rewards](Request& request) {
    return PostTip(request, deps, rewards, TipSubjectKind::kPost);
  });
  router.Add("GET", "/api/v1/posts/{id}/tips",
             [&deps, &rewards](Request& request) { return ListTips(request, deps, rewards); });
  router.Add("GET", "/api/v1/wallet",
             [&deps, &rewards](Request& request) { return GetWallet(request, deps, rewards); });
  // Until the comments capability is wired (RewardsSeams::find_comment) no comment exists for
  // rewards: the route answers 404 after authenticating the caller.
  router.Add("POST", "/api/v1/comments/{id}/tips", [&deps, &rewards](Request& request) {
    return PostTip(request, deps, rewards, TipSubjectKind::kComment);
  });
}

}  // namespace plaza::rewards
