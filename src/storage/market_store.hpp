#pragma once

// The markets aggregate (migration 0006): the asset registry, the last ticker of each symbol,
// its price history and the prices stored with posts (post_tokens.price_at_post). Prices,
// changes and volumes travel as exact decimal strings (markets::Decimal writes and checks them
// before they get here); the store keeps them as written and never does arithmetic on them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// One entry of the asset registry.
struct Asset {
  std::string symbol;                // upper-case ASCII letters and digits, 1–10: "BTC"
  std::string name;                  // "Bitcoin"
  int decimals = 2;                  // digits a price is shown with, 0–18
  std::vector<std::string> aliases;  // other symbols that mean it, upper-case: {"XBT"}
  std::string trade_url;             // "https://…/trade/{SYMBOL}_USDT" ("" = none)
};

/// The last price of a symbol as a feed reported it.
struct Ticker {
  std::string symbol;
  std::string last;        // exact decimal string, > 0
  std::string change_24h;  // percent, signed decimal string
  std::string volume_24h;  // base volume, decimal string, >= 0
  Timestamp updated_at = 0;
  std::string source;  // "demo", "csv", "gate", "binance"
};

/// Resolution of a history row, in seconds.
enum class HistoryResolution { kMinute = 60, kHour = 3600 };

/// One bucket of price history: the first and last price seen in it.
struct PricePoint {
  Timestamp bucket = 0;  // start of the bucket (microseconds, aligned to the resolution)
  std::string open;
  std::string close;
};

/// A token of a post's current revision with the price stored when it was first tagged.
struct PostTokenPrice {
  std::int64_t post_id = 0;
  std::string symbol;
  std::optional<std::string> price_at_post;  // none: no price was known then
};

/// What one run of Downsample did.
struct DownsampleCounts {
  std::int64_t minutes_removed = 0;
  std::int64_t hours_removed = 0;
};

/// History kept: minutes for this long, hours for kHourHistory.
constexpr Timestamp kMinuteHistory = 24LL * 3600 * kMicrosPerSecond;
constexpr Timestamp kHourHistory = 90LL * 24 * 3600 * kMicrosPerSecond;

class MarketStore {
 public:
  virtual ~MarketStore() = default;

  /// Every asset, by symbol.
  virtual Result<std::vector<Asset>> Assets() = 0;
  /// Inserts or replaces the asset `asset.symbol`.
  virtual Status PutAsset(const Asset& asset) = 0;
  /// Inserts the assets whose symbol is not stored yet; stored ones are left as they are (the
  /// config seeds the registry, the command line edits it). Returns how many were inserted.
  virtual Result<int> SeedAssets(const std::vector<Asset>& assets) = 0;
  /// kNotFound when no asset has that symbol. Its ticker and history stay (a re-added asset
  /// finds them).
  virtual Status RemoveAsset(const std::string& symbol) = 0;

  /// Stores the ticker unless a newer one (by updated_at) is stored, and records its price in
  /// the minute of history it falls in (the minute's first price is its open, the latest its
  /// close), in one transaction.
  virtual Status PutTicker(const Ticker& ticker) = 0;
  /// The stored ticker of a symbol, or nullopt.
  virtual Result<std::optional<Ticker>> GetTicker(const std::string& symbol) = 0;
  /// Every stored ticker, by symbol.
  virtual Result<std::vector<Ticker>> Tickers() = 0;
  /// History rows of `symbol` at `resolution` with bucket >= `since`, oldest first.
  virtual Result<std::vector<PricePoint>> History(const std::string& symbol,
                                                  HistoryResolution resolution,
                                                  Timestamp since) = 0;
  /// Folds minute rows of whole hours older than kMinuteHistory before `now` into hour rows
  /// (open of the first minute, close of the last), removes those minutes, and removes hour
  /// rows older than kHourHistory. Idempotent.
  virtual Result<DownsampleCounts> Downsample(Timestamp now) = 0;

  /// The tokens of a post's revision in order, with their price at post.
  virtual Result<std::vector<PostTokenPrice>> PostTokens(std::int64_t post_id, int revision) = 0;
  /// Replaces the tokens of (post_id, revision) by `symbols` (re-extraction after the registry
  /// changed). A symbol tagged in an earlier or this revision keeps the price it had; a new one
  /// gets no price (its price when the post was written is not known).
  virtual Status SetPostTokens(std::int64_t post_id, int revision,
                               const std::vector<std::string>& symbols) = 0;
  /// Tokens of the live posts of `author_id`, current revisions, by post and position; those
  /// tagged without a known price have none (they count as tagged posts, not in the median).
  virtual Result<std::vector<PostTokenPrice>> AuthorTokens(std::int64_t author_id) = 0;
  /// Ids of the newest live posts whose current revision tags `symbol`, newest first.
  virtual Result<std::vector<std::int64_t>> PostsTagging(const std::string& symbol, int limit) = 0;
};

}  // namespace plaza
