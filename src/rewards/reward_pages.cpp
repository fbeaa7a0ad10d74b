#include "rewards/reward_pages.hpp"

#include <charconv>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "comments/form_token.hpp"
#include "http/handler.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/deps.hpp"
#include "http/router.hpp"
#include "rewards/amount.hpp"
#include "rewards/views.hpp"
#include "web/html.hpp"
#include "web/rewards_view.hpp"

namespace plaza::rewards {
namespace {

using http::Deps;
using http::PageRequest;
using http::Request;
using http::Response;
using Awaitable = boost::asio::awaitable<Response>;
using Fields = std::map<std::string, std::string, std::less<>>;

constexpr int kHistoryPage = 30;
constexpr int kTippersShown = 50;

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string Field(const Fields& fields, std::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

Response LoginRedirect(const Request& request) {
  return http::Redirect(303, "/login?next=" + web::UrlEncode(request.target));
}

// ---- The wallet ----

// "1,234.50 PTS" in the reader's locale (the text wallet.balance events carry too).
std::string BalanceText(const Catalog& catalog, std::string_view locale, const WalletBalance& b) {
  return catalog.Format(
      "rewards.balance",
      {{"amount", LocalAmount(locale, b.amount, b.asset->decimals)}, {"asset", b.asset->code}});
}

std::string EntryKey(const WalletEntry& entry) {
  switch (entry.kind) {
    case LedgerTxKind::kTip:
      return entry.amount < 0 ? "rewards.entry_tip_sent" : "rewards.entry_tip_received";
    case LedgerTxKind::kGrant:
      return "rewards.entry_grant";
    case LedgerTxKind::kAdjust:
      return "rewards.entry_adjust";
    case LedgerTxKind::kWelcome:
      return "rewards.entry_welcome";
  }
  return "rewards.entry_grant";
}

Awaitable WalletPage(Request& request, Deps& deps, Rewards& rewards) {
  PageRequest page = co_await http::ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  std::optional<std::int64_t> before;
  if (auto text = request.Query("before")) {
    before = ParseId(*text);
    if (!before) co_return http::ErrorPageResponse(deps, page, request, 404);
  }
  const std::int64_t user_id = page.viewer->user.id;
  auto read = co_await http::RunBlocking(
      deps.pool, [&]() -> Result<std::pair<std::vector<WalletBalance>, std::vector<WalletEntry>>> {
        auto balances = rewards.Wallet(user_id);
        if (!balances) return std::unexpected(balances.error());
        // One more than a page says whether older entries exist.
        auto entries = rewards.History(user_id, before, kHistoryPage + 1);
        if (!entries) return std::unexpected(entries.error());
        return std::pair{std::move(*balances), std::move(*entries)};
      });
  if (!read) {
    co_return http::ErrorPageResponse(deps, page, request, http::StatusFor(read.error().code));
  }
  auto& [balances, entries] = *read;
  const web::PageContext ctx = http::MakePageContext(deps, page, request);
  std::vector<web::WalletBalanceView> balance_views;
  for (const WalletBalance& b : balances) {
    balance_views.push_back({b.asset->code, BalanceText(ctx.catalog, page.locale, b)});
  }
  std::string older;
  if (entries.size() > static_cast<std::size_t>(kHistoryPage)) {
    entries.resize(kHistoryPage);
    older = "/wallet?before=" + std::to_string(entries.back().tx_id);
  }
  std::vector<web::WalletEntryView> entry_views;
  for (const WalletEntry& e : entries) {
    const TipAsset* asset = rewards.FindAsset(e.asset);
    const int decimals = asset != nullptr ? asset->decimals : 0;
    const std::int64_t magnitude = e.amount < 0 ? -e.amount : e.amount;  // never INT64_MIN
    web::WalletEntryView view;
    view.what = ctx.catalog.Format(EntryKey(e));
    view.credit = e.amount > 0;
    view.amount = ctx.catalog.Format(
        view.credit ? "rewards.credit" : "rewards.debit",
        {{"amount", LocalAmount(page.locale, magnitude, decimals)}, {"asset", e.asset}});
    view.memo = e.memo;
    if (e.post_id != 0) view.post_url = "/p/" + std::to_string(e.post_id);
    view.created_at = e.created_at;
    entry_views.push_back(std::move(view));
  }
  Response response = http::HtmlResponse(deps, page, 200,
                                         web::RenderWallet(ctx, balance_views, entry_views, older));
  response.Header("Cache-Control", "private, no-store");
  co_return response;
}

// ---- The reward form ----

// What a reward form is about: the subject, its author and where the reader came from.
struct Subject {
  std::int64_t author_id = 0;
  std::string author_handle;
  std::string text;
  std::string back;        // the post page, at the subject
  std::int64_t tips = -1;  // the post's count; -1: not shown (comments)
};

Result<Subject> FindSubject(Deps& deps, Rewards& rewards, TipSubjectKind kind, std::int64_t id) {
  std::int64_t post_id = id;
  Subject subject;
  if (kind == TipSubjectKind::kComment) {
    if (!rewards.seams().find_comment) return Fail(Errc::kNotFound, "comment not found");
    auto comment = rewards.seams().find_comment(id);
    if (!comment) return std::unexpected(comment.error());
    post_id = comment->post_id;
    subject = {comment->author_id, comment->author_handle, comment->body, "", -1};
  }
  auto post = deps.store.posts().Get(post_id);
  if (!post) return std::unexpected(post.error());
  if (post->status != PostStatus::kLive) return Fail(Errc::kGone, "the post is deleted");
  if (kind == TipSubjectKind::kPost) {
    subject = {post->author_id, post->author_handle, post->title, "", post->counts.tips};
    subject.back = web::PostPath(*post) + "#action-bar";
  } else {
    subject.back = web::PostPath(*post) + "#c-" + std::to_string(id);
  }
  return subject;
}

// The query code a refused tip sends the form back with, and its message key.
std::string ErrorCode(const Error& error) {
  switch (error.code) {
    case Errc::kConflict:
      return error.field == "amount" ? "short" : "token";
    case Errc::kForbidden:
      return "own";
    case Errc::kInvalidArgument:
      return error.field == "asset" ? "asset" : "amount";
    case Errc::kLimitExceeded:
      return "message";
    case Errc::kGone:
    case Errc::kNotFound:
      return "gone";
    default:
      return "failed";
  }
}

std::string ErrorMessage(const Catalog& catalog, std::string_view code) {
  for (std::string_view known :
       {"short", "token", "own", "asset", "amount", "message", "gone", "confirm"}) {
    if (code == known) return catalog.Format("rewards.error_" + std::string(known));
  }
  return catalog.Format("rewards.failed");
}

std::string FormPath(TipSubjectKind kind, std::int64_t id) {
  return (kind == TipSubjectKind::kPost ? "/p/" : "/c/") + std::to_string(id) + "/reward";
}

Awaitable RewardPage(Request& request, Deps& deps, Rewards& rewards, TipSubjectKind kind) {
  PageRequest page = co_await http::ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  auto id = ParseId(request.params["id"]);
  if (!id) co_return http::ErrorPageResponse(deps, page, request, 404);
  const std::int64_t user_id = page.viewer->user.id;
  struct Read {
    Subject subject;
    std::vector<WalletBalance> balances;
    std::vector<plaza::Tip> tips;
  };
  auto read = co_await http::RunBlocking(deps.pool, [&]() -> Result<Read> {
    auto subject = FindSubject(deps, rewards, kind, *id);
    if (!subject) return std::unexpected(subject.error());
    auto balances = rewards.Wallet(user_id);
    if (!balances) return std::unexpected(balances.error());
    auto tips = rewards.TipsOn(kind, *id, kTippersShown);
    if (!tips) return std::unexpected(tips.error());
    return Read{std::move(*subject), std::move(*balances), std::move(*tips)};
  });
  if (!read) {
    co_return http::ErrorPageResponse(deps, page, request, http::StatusFor(read.error().code));
  }
  const web::PageContext ctx = http::MakePageContext(deps, page, request);
  const Catalog& catalog = ctx.catalog;
  web::RewardFormView form;
  form.heading = catalog.Format(
      kind == TipSubjectKind::kPost ? "rewards.heading_post" : "rewards.heading_comment",
      {{"handle", "@" + read->subject.author_handle}});
  form.subject = read->subject.text;
  form.action = FormPath(kind, *id);
  form.back_href = read->subject.back;
  form.form_token = comments::MakeFormToken(page.viewer->csrf);
  for (const WalletBalance& b : read->balances) {
    web::RewardAssetView asset;
    asset.code = b.asset->code;
    asset.balance =
        catalog.Format("rewards.your_balance", {{"balance", BalanceText(catalog, page.locale, b)}});
    for (std::int64_t preset : PresetAmounts(*b.asset)) {
      asset.presets.emplace_back(
          FormatAmount(preset, b.asset->decimals),
          catalog.Format("rewards.balance",
                         {{"amount", LocalAmount(page.locale, preset, b.asset->decimals)},
                          {"asset", b.asset->code}}));
    }
    form.assets.push_back(std::move(asset));
  }
  if (read->subject.tips >= 0) {
    form.count = catalog.Format("rewards.count", {{"count", read->subject.tips}});
  }
  std::set<std::string> seen;
  for (const plaza::Tip& tip : read->tips) {
    if (seen.insert(tip.tipper_handle).second) form.tippers.push_back(tip.tipper_handle);
  }
  if (request.Query("done") == "sent") form.notice = catalog.Format("rewards.sent");
  if (auto code = request.Query("error")) form.error = ErrorMessage(catalog, *code);
  if (read->subject.author_id == user_id && form.error.empty()) {
    form.error = ErrorMessage(catalog, "own");
  }
  form.amount = request.Query("amount").value_or("");
  Response response = http::HtmlResponse(deps, page, 200, web::RenderReward(ctx, form));
  response.Header("Cache-Control", "private, no-store");
  co_return response;
}

// Performs the tip of a reward form and goes back to the form with the outcome. The form's
// one-time token is the idempotency key: a second submit of the same form replays the first.
Awaitable RewardSubmit(Request& request, Deps& deps, Rewards& rewards, TipSubjectKind kind) {
  PageRequest page = co_await http::ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  auto id = ParseId(request.params["id"]);
  auto fields = request.FormFields();
  if (!id || !fields) co_return http::ErrorPageResponse(deps, page, request, 400);
  if (!http::FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    co_return http::ErrorPageResponse(deps, page, request, 403);
  }
  const std::string path = FormPath(kind, *id);
  TipRequest tip;
  tip.tipper_id = page.viewer->user.id;
  tip.tipper_handle = page.viewer->user.handle;
  tip.subject_kind = kind;
  tip.subject_id = *id;
  tip.asset = Field(*fields, "asset");
  tip.amount = Field(*fields, "amount");
  if (tip.amount.empty()) tip.amount = Field(*fields, "preset");
  tip.message = Field(*fields, "message");
  const auto back = [&](std::string_view code) {
    return http::Redirect(
        303, path + "?error=" + std::string(code) + "&amount=" + web::UrlEncode(tip.amount));
  };
  auto key = comments::FormTokenKey(page.viewer->csrf, Field(*fields, "token"));
  if (!key) co_return back("token");
  if (Field(*fields, "confirm") != "1") co_return back("confirm");
  tip.idempotency_key = *key;
  auto outcome = co_await http::RunBlocking(deps.pool, [&] { return rewards.Tip(tip); });
  if (!outcome) co_return back(ErrorCode(outcome.error()));
  co_return http::Redirect(303, path + "?done=sent");
}

}  // namespace

void AddRewardPages(http::Router& router, Deps& deps, Rewards& rewards) {
  router.Add("GET", "/wallet",
             [&deps, &rewards](Request& request) { return WalletPage(request, deps, rewards); });
  for (TipSubjectKind kind : {TipSubjectKind::kPost, TipSubjectKind::kComment}) {
    const std::string path = kind == TipSubjectKind::kPost ? "/p/{id}/reward" : "/c/{id}/reward";
    router.Add("GET", path, [&deps, &rewards, kind](Request& request) {
      return RewardPage(request, deps, rewards, kind);
    });
    router.Add("POST", path, [&deps, &rewards, kind](Request& request) {
      return RewardSubmit(request, deps, rewards, kind);
    });
  }
}

}  // namespace plaza::rewards
