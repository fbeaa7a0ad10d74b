#include "http/handlers/market_handlers.hpp"

#include <map>
#include <string>
#include <utility>

#include "http/handlers/common.hpp"
#include "http/handlers/deps.hpp"
#include "http/handlers/handlers.hpp"
#include "http/router.hpp"
#include "markets/chart.hpp"
#include "markets/chips.hpp"
#include "markets/module.hpp"
#include "markets/registry.hpp"
#include "markets/tickers.hpp"

namespace plaza::http {

namespace {

std::string UpperAscii(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}

constexpr int kTokenPosts = 10;
constexpr Timestamp kDay = 24LL * 3600 * kMicrosPerSecond;
constexpr Timestamp kMonth = 30 * kDay;
constexpr Timestamp kHour = 3600LL * kMicrosPerSecond;

// What the token page reads from the store: its history and the latest posts tagging it.
struct TokenData {
  std::vector<PricePoint> day;    // minutes of the last 24 hours
  std::vector<PricePoint> month;  // hours of the last 30 days, then the last minute of each
                                  // hour not folded into an hour row yet
  std::vector<Post> posts;
};

Result<TokenData> ReadToken(Deps& deps, const std::string& symbol, Timestamp now) {
  TokenData data;
  // Minutes are kept for a day; older ones wait for the hourly downsampling job.
  auto minutes = deps.store.markets().History(symbol, HistoryResolution::kMinute, now - kMonth);
  if (!minutes) return std::unexpected(minutes.error());
  auto hours = deps.store.markets().History(symbol, HistoryResolution::kHour, now - kMonth);
  if (!hours) return std::unexpected(hours.error());
  data.month = std::move(*hours);
  // Minutes not folded into hours yet count for the month at one point an hour (its close).
  std::map<Timestamp, PricePoint> by_hour;
  for (const PricePoint& p : *minutes) by_hour[p.bucket - p.bucket % kHour] = p;
  const Timestamp folded = data.month.empty() ? 0 : data.month.back().bucket;
  for (auto& [hour, p] : by_hour) {
    if (hour > folded) data.month.push_back(PricePoint{hour, p.open, p.close});
  }
  for (PricePoint& p : *minutes) {
    if (p.bucket >= now - kDay) data.day.push_back(std::move(p));
  }
  auto ids = deps.store.markets().PostsTagging(symbol, kTokenPosts);
  if (!ids) return std::unexpected(ids.error());
  for (std::int64_t id : *ids) {
    auto post = deps.posts.Get(id);
    if (!post) {
      if (post.error().code == Errc::kNotFound || post.error().code == Errc::kGone) continue;
      return std::unexpected(post.error());
    }
    data.posts.push_back(std::move(*post));
  }
  return data;
}

std::string Chart(const web::PageContext& ctx, const Asset& asset,
                  const std::vector<PricePoint>& points, Timestamp from, Timestamp to,
                  markets::ChartSpan span) {
  const bool day = span == markets::ChartSpan::kDay;
  markets::ChartText text;
  text.id = day ? "chart-24h" : "chart-30d";
  text.title = ctx.catalog.Format(day ? "markets.chart_24h" : "markets.chart_30d",
                                  {{"symbol", asset.symbol}});
  const markets::ChartRange range = markets::RangeOf(points, asset.decimals, ctx.locale);
  text.desc =
      range.last.empty()
          ? ctx.catalog.Format("markets.no_price")
          : ctx.catalog.Format("markets.chart_desc",
                               {{"low", range.low}, {"high", range.high}, {"last", range.last}});
  text.axis = ctx.catalog.Format("markets.axis_utc");
  text.empty = ctx.catalog.Format("markets.no_price");
  return markets::PriceChartSvg(points, from, to, span, asset.decimals, ctx.locale, text);
}

// /t/{SYMBOL}: price, 24-hour change, the charts, the trade link, the latest posts tagging it.
Awaitable TokenPage(Request& request, Deps& deps, markets::MarketsState& state) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!state.tickers || !state.chips) co_return ErrorPageResponse(deps, page, request, 404);
  const std::string symbol = UpperAscii(request.params["symbol"]);
  const markets::AssetRegistry registry = state.tickers->Registry();
  const Asset* found = registry.Find(symbol);
  if (found == nullptr) co_return ErrorPageResponse(deps, page, request, 404);
  const Asset asset = *found;
  // One address per token: /t/btc and /t/XBT lead to /t/BTC.
  if (request.params["symbol"] != asset.symbol) {
    const std::string to = "/t/" + asset.symbol;
    co_return Redirect(301, request.query.empty() ? to : to + "?" + request.query);
  }
  CacheSlot slot =
      LookUpCache(deps.cache, "token|" + asset.symbol + "|" + page.locale, !page.viewer);
  if (slot.hit) co_return CachedHtmlResponse(deps, page, request, std::move(slot.hit));
  const Timestamp now = deps.clock.Now();
  auto read = co_await RunBlocking(deps.pool, [&] { return ReadToken(deps, asset.symbol, now); });
  if (!read) co_return ErrorPageResponse(deps, page, request, StatusFor(read.error().code));
  const web::PageContext ctx = MakePageContext(deps, page, request);
  web::TokenPageView view;
  view.asset = asset;
  view.chip = state.chips->ForSymbol(asset.symbol, page.locale);
  view.trade_url = markets::TradeUrl(asset);
  view.chart_24h = Chart(ctx, asset, read->day, now - kDay, now, markets::ChartSpan::kDay);
  view.chart_30d = Chart(ctx, asset, read->month, now - kMonth, now, markets::ChartSpan::kMonth);
  view.posts = std::move(read->posts);
  view.demo = state.chips->demo();
  view.up_is_red = state.chips->up_is_red();
  CacheTags tags{LocaleTag(page.locale)};
  for (const Post& post : view.posts) tags.push_back(CardTag(post.id));
  const Timestamp live_until = markets::FirstStaleAt({view.chip});
  co_return StoreHtmlResponse(deps, page, request, slot, web::RenderToken(ctx, view),
                              std::move(tags), Freshness::kList, live_until);
}

}  // namespace

void AddMarketRoutes(Router& router, Deps& deps, ModuleContext& context,
                     std::shared_ptr<markets::MarketsState> state) {
  // The core post page, post JSON and profiles read chips and records through Deps.
  deps.chips = state->chips.get();
  router.Add("GET", "/t/{symbol}",
             [&deps, state](Request& request) { return TokenPage(request, deps, *state); });
  const Catalogs* catalogs = &context.catalogs;
  router.Add(
      "GET", "/api/v1/tickers/{symbol}",
      FastHandler([state, catalogs](Request& request) -> Response {
        if (!state->tickers)
          return ErrorResponse(Error{Errc::kUnavailable, "markets are starting", {}, {}, {}});
        const std::string symbol = UpperAscii(request.params["symbol"]);
        const auto registry = state->tickers->Registry();
        const Asset* asset = registry.Find(symbol);
        if (asset == nullptr) {
          return ErrorResponse(Error{Errc::kNotFound, "unknown symbol", "symbol", {}, {}});
        }
        bool chose_new = false;
        const std::string locale = ResolveLocale(request, *catalogs, &chose_new);
        const auto chip = markets::MakeChip(*state->tickers, asset->symbol, asset->decimals,
                                            std::nullopt, locale);
        Response response = JsonResponse(200, "{\"ticker\":" + markets::ChipJson(chip) + "}");
        // A price is true now, not in a minute: never kept by a cache.
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      }));
}

}  // namespace plaza::http
