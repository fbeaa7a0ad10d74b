#pragma once

// A token chip as readers see it: the symbol, its last price and 24-hour change formatted for
// the reader's locale, whether it is stale, and the change since the post. Built from the ticker
// service's memory (no store read), so pages, the JSON API and the live events share it.

#include <optional>
#include <string>
#include <string_view>

#include "markets/tickers.hpp"
#include "storage/market_store.hpp"

namespace plaza::markets {

struct ChipView {
  std::string symbol;
  bool has_price = false;  // false before the first price: the chip shows the symbol and "—"
  std::string last;        // exact decimal string ("" without a price)
  std::string change_24h;  // percent, decimal string
  std::optional<std::string> change_since_post;  // percent, 2 digits; none without a price at
                                                 // post or without a price now
  Timestamp updated_at = 0;
  bool stale = false;         // older than the staleness limit: shown greyed, never as live
  Timestamp stale_after = 0;  // the limit, so that an open page greys the chip in time
  int direction = 0;          // 1 up, -1 down, 0 flat (or no price)
  // Formatted for the locale:
  std::string price_text;   // "67 012,50" at the asset's decimals, or "—"
  std::string change_text;  // "+0,92 %", or "—"
  std::string since_text;   // "+12,30 %", or ""
};

/// The chip of `symbol` with its last ticker (none before the first price), `stale` as the
/// ticker service judges it now under the limit `stale_after`. `decimals` is the asset's display
/// precision; `price_at_post` is the price stored with the post (none or "": no since-post figure).
ChipView MakeChip(const std::string& symbol, const std::optional<Ticker>& ticker, bool stale,
                  Timestamp stale_after, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale);
/// The same from the ticker service's memory now.
ChipView MakeChip(const TickerService& tickers, const std::string& symbol, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale);

/// The chip as JSON (one object: symbol, last, change_24h, change_since_post, updated_at,
/// stale, stale_after_s, display {price, change, since}); prices are exact decimal strings, null
/// without one.
std::string ChipJson(const ChipView& chip);

}  // namespace plaza::markets
