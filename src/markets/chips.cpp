#include "markets/chips.hpp"

#include <boost/json.hpp>

#include "markets/number_format.hpp"

namespace plaza::markets {

namespace {
constexpr const char* kNoValue = "\u2014";  // —
constexpr int kPercentDigits = 2;
}  // namespace

ChipView MakeChip(const TickerService& tickers, const std::string& symbol, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale) {
  const auto ticker = tickers.Latest(symbol);
  return MakeChip(symbol, ticker, ticker && tickers.IsStale(*ticker), tickers.stale_after(),
                  decimals, price_at_post, locale);
}

ChipView MakeChip(const std::string& symbol, const std::optional<Ticker>& ticker, bool stale,
                  Timestamp stale_after, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale) {
  ChipView chip;
  chip.symbol = symbol;
  chip.stale_after = stale_after;
  chip.price_text = kNoValue;
  chip.change_text = kNoValue;
  if (!ticker) return chip;
  auto last = Decimal::Parse(ticker->last);
  auto change = Decimal::Parse(ticker->change_24h);
  if (!last || !change) return chip;  // the service stores only what Decimal wrote
  chip.has_price = true;
  chip.last = ticker->last;
  chip.change_24h = ticker->change_24h;
  chip.updated_at = ticker->updated_at;
  chip.stale = stale;
  const Decimal shown = change->Rounded(kPercentDigits);
  chip.direction = shown.IsZero() ? 0 : (shown.negative() ? -1 : 1);
  chip.price_text = FormatDecimal(locale, *last, decimals);
  chip.change_text = FormatSignedPercent(locale, *change, kPercentDigits);
  if (price_at_post && !price_at_post->empty()) {
    auto then = Decimal::Parse(*price_at_post);
    if (then) {
      auto since = Decimal::PercentChange(*then, *last, kPercentDigits);
      if (since) {
        chip.change_since_post = since->ToFixed(kPercentDigits);
        chip.since_text = FormatSignedPercent(locale, *since, kPercentDigits);
      }
    }
  }
  return chip;
}

std::string ChipJson(const ChipView& chip) {
  namespace json = boost::json;
  json::object o;
  o["symbol"] = chip.symbol;
  o["last"] = chip.has_price ? json::value(chip.last) : json::value(nullptr);
  o["change_24h"] = chip.has_price ? json::value(chip.change_24h) : json::value(nullptr);
  o["change_since_post"] =
      chip.change_since_post ? json::value(*chip.change_since_post) : json::value(nullptr);
  o["updated_at"] =
      chip.has_price ? json::value(FormatRfc3339(chip.updated_at)) : json::value(nullptr);
  o["stale"] = chip.stale;
  o["stale_after_s"] = chip.stale_after / kMicrosPerSecond;
  o["display"] = json::object{
      {"price", chip.price_text}, {"change", chip.change_text}, {"since", chip.since_text}};
  return json::serialize(o);
}

}  // namespace plaza::markets
