#pragma once

// A token chip as readers see it: the symbol, its last price and 24-hour change formatted for
// the reader's locale, whether it is stale, and the change since the post. Built from the ticker
// service's memory (no store read), so pages, the JSON API and the live events share it.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

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
  int decimals = 0;         // the precision price_text was formatted at

  /// When a live chip turns stale (updated_at + stale_after); 0 without a price.
  Timestamp stale_at() const { return has_price ? updated_at + stale_after : 0; }
};

/// The chip of `symbol` with its last ticker (none before the first price), `stale` as the
/// ticker service judges it now under the limit `stale_after`. `decimals` is the asset's display
/// precision; `price_at_post` is the price stored with the post (none or "": no since-post figure).
ChipView MakeChip(const std::string& symbol, const std::optional<Ticker>& ticker, bool stale,
                  Timestamp stale_after, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale);
/// Adds the change since the post to a chip made without one (none when `price_at_post` is none
/// or "", or the chip has no price).
void AddSincePost(ChipView& chip, const std::optional<std::string>& price_at_post,
                  std::string_view locale);
/// The same from the ticker service's memory now.
ChipView MakeChip(const TickerService& tickers, const std::string& symbol, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale);

/// The chip as JSON (one object: symbol, last, change_24h, change_since_post, updated_at,
/// stale, stale_after_s, display {price, change, since}); prices are exact decimal strings, null
/// without one.
std::string ChipJson(const ChipView& chip);
/// The same object, for a larger document (the post's JSON).
boost::json::object ChipObject(const ChipView& chip);

/// An author's record (docs/markets.md): how many of their live posts tag tokens, and the median
/// change since posting over the (post, token) pairs that have a price at post and a price now.
struct AuthorRecord {
  int tagged_posts = 0;
  int pairs = 0;                  // (post, token) pairs in the median
  std::optional<Decimal> median;  // percent, 2 digits; none without a pair
  std::string median_text;        // "+12,30 %" in the locale, "" without a median
};

/// What pages and the post JSON read of the markets: the chips of a post, an author's record.
/// Prices come from the ticker service's memory, the prices at post from the store (call these
/// from the worker pool). Thread-safe; lives as long as the server.
class ChipBoard {
 public:
  /// `demo`: prices come from the demo feed (pages say so). `up_is_red`: the operator's colours.
  ChipBoard(const TickerService& tickers, MarketStore& store, bool demo, bool up_is_red);

  /// The chips of a post's revision, in the order of `cashtags`, with the change since the post
  /// where a price was stored with it. Kept per thread by (post, revision, cashtags, locale):
  /// the prices at post are read from the store only when the kept chips are no longer current
  /// (a tick, a chip turning stale). The same vector comes back, on one thread, while its
  /// values hold: a page may key its own memo on it.
  Result<std::shared_ptr<const std::vector<ChipView>>> ForPost(
      std::int64_t post_id, int revision, const std::vector<std::string>& cashtags,
      std::string_view locale) const;
  /// The record of `author_id` now.
  Result<AuthorRecord> ForAuthor(std::int64_t author_id, std::string_view locale) const;
  /// The chip of one symbol with no post (the token page).
  ChipView ForSymbol(const std::string& symbol, std::string_view locale) const;
  /// The chips of a page of cards in one batch: one per distinct symbol of `symbol_lists`, in
  /// order of first appearance, without the change since the post. Reads no store.
  std::vector<ChipView> ForSymbols(const std::vector<const std::vector<std::string>*>& symbol_lists,
                                   std::string_view locale) const;

  bool demo() const { return demo_; }
  bool up_is_red() const { return up_is_red_; }
  const TickerService& tickers() const { return tickers_; }
  MarketStore& store() const { return store_; }

 private:
  // The chip of `symbol` now without a since-post figure, formatted for `locale`: made once per
  // ticker update (and staleness change) and locale, then copied from the memo.
  ChipView BaseChip(const std::string& symbol, std::string_view locale) const;

  const TickerService& tickers_;
  MarketStore& store_;
  const bool demo_;
  const bool up_is_red_;
  const std::uint64_t id_;  // tells this board's entries apart in the per-thread memo of ForPost
  mutable std::mutex memo_mu_;
  mutable std::map<std::string, ChipView> memo_;  // "locale|symbol"; GUARDED_BY(memo_mu_)
};

/// The earliest moment a live chip of `chips` turns stale (0 when none is live): a cached page
/// showing them must not outlive it.
Timestamp FirstStaleAt(const std::vector<ChipView>& chips);

}  // namespace plaza::markets
