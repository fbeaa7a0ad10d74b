#pragma once

// Price feeds behind one interface (docs/markets.md): the built-in demo feed, a CSV replay, and
// the Gate and Binance REST adapters. A feed answers one poll at a time; the feed runner
// (feed_runner.hpp) calls it on its own thread, backs off after failures and hands the ticks
// to the ticker service, which checks every value.

#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "markets/decimal.hpp"
#include "markets/markets_options.hpp"
#include "markets/tickers.hpp"
#include "outgoing/http_client.hpp"

namespace plaza::markets {

class PriceFeed {
 public:
  virtual ~PriceFeed() = default;
  /// "demo", "csv", "gate", "binance": the source stored with each ticker.
  virtual std::string_view name() const = 0;
  /// The prices the source has now for `symbols` (upper-case registry symbols; it may answer
  /// fewer, and the ticker service ignores others). An error when the source failed:
  /// kUnavailable (unreachable, 429, 5xx, time-out) or kInvalidArgument (an answer in no
  /// format the adapter reads).
  virtual Result<std::vector<Tick>> Poll(const std::vector<std::string>& symbols) = 0;
};

/// A seeded random walk per symbol: each poll moves every price by at most ±0.4 % (USDT by at
/// most ±0.01 %), exactly, on decimals. The 24-hour change is counted from the first price.
/// The same seed walks the same prices.
/// For the demo feed's symbols that have no stored ticker yet: a 30-day price history (every
/// 30 minutes for the last day, every 12 hours before) ending at the prices the demo feed (`seed`
/// as markets.demo_seed) starts from, stamped up to `now`. `plaza serve --demo` does so before it
/// publishes the demo posts, so they carry a price at post, their chips a change since the post
/// and the token pages a chart. Returns how many symbols it seeded.
Result<int> SeedDemoPrices(MarketStore& store, std::uint64_t seed, Timestamp now);

class DemoFeed final : public PriceFeed {
 public:
  explicit DemoFeed(std::uint64_t seed);
  std::string_view name() const override { return "demo"; }
  Result<std::vector<Tick>> Poll(const std::vector<std::string>& symbols) override;

 private:
  struct Walk {
    Decimal open;
    Decimal last;
    int scale = 2;
  };
  std::mt19937_64 random_;
  std::map<std::string, Walk> walks_;
};

/// Replays `timestamp,symbol,price` lines (a header line and blank lines are skipped). Each poll
/// answers the lines of the next timestamp, stamped now; after the last it starts again. The
/// 24-hour change is counted from the symbol's first price in the file.
class CsvReplayFeed final : public PriceFeed {
 public:
  /// kInvalidArgument naming the line for a malformed line or price; kNotFound without the file.
  static Result<std::unique_ptr<CsvReplayFeed>> Open(const std::string& path);
  /// The same from the text of a file.
  static Result<std::unique_ptr<CsvReplayFeed>> FromText(std::string_view text);
  std::string_view name() const override { return "csv"; }
  Result<std::vector<Tick>> Poll(const std::vector<std::string>& symbols) override;

 private:
  struct Row {
    std::string timestamp;
    std::string symbol;
    Decimal price;
  };
  std::vector<Row> rows_;
  std::map<std::string, Decimal> first_;
  std::size_t next_ = 0;
};

/// Gate's API v4 spot tickers or Binance's 24-hour tickers, over outgoing HTTP, against the
/// configured base URL only (the client refuses any other).
class ExchangeFeed final : public PriceFeed {
 public:
  enum class Kind { kGate, kBinance };
  static Result<std::unique_ptr<ExchangeFeed>> Create(Kind kind, const std::string& base_url,
                                                      const outgoing::OutgoingOptions& http);
  std::string_view name() const override { return kind_ == Kind::kGate ? "gate" : "binance"; }
  Result<std::vector<Tick>> Poll(const std::vector<std::string>& symbols) override;

 private:
  ExchangeFeed(Kind kind, std::string base_url, std::unique_ptr<outgoing::HttpClient> client)
      : kind_(kind), base_url_(std::move(base_url)), client_(std::move(client)) {}
  Kind kind_;
  std::string base_url_;
  std::unique_ptr<outgoing::HttpClient> client_;
};

/// The ticks of a Gate answer (`currency_pair` "BTC_USDT", `last`, `change_percentage`,
/// `base_volume`; strings or numbers) for pairs quoted in USDT whose base is in `symbols`.
/// Objects missing `currency_pair` or `last` are skipped. kInvalidArgument when the body is
/// not a JSON array of objects.
Result<std::vector<Tick>> ParseGateTickers(std::string_view body,
                                           const std::vector<std::string>& symbols);
/// The same for Binance (`symbol` "BTCUSDT", `lastPrice`, `priceChangePercent`, `volume`).
Result<std::vector<Tick>> ParseBinanceTickers(std::string_view body,
                                              const std::vector<std::string>& symbols);

/// The feed [markets] names; kInvalidArgument for "off" or a csv feed without csv_path.
Result<std::unique_ptr<PriceFeed>> MakeFeed(const MarketsOptions& options,
                                            const outgoing::OutgoingOptions& http);

}  // namespace plaza::markets
