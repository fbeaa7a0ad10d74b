#include "http/handlers/market_handlers.hpp"

#include <string>
#include <utility>

#include "http/handlers/common.hpp"
#include "http/router.hpp"
#include "markets/chips.hpp"
#include "markets/module.hpp"
#include "markets/tickers.hpp"

namespace plaza::http {

namespace {

std::string UpperAscii(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}

}  // namespace

void AddMarketRoutes(Router& router, ModuleContext& context,
                     std::shared_ptr<markets::MarketsState> state) {
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
