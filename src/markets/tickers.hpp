#pragma once

// The ticker service: what feeds report goes in here, is checked (exact decimals, positive
// prices, known symbols), stored, kept in memory for pages, and handed to the publisher.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "markets/decimal.hpp"
#include "markets/registry.hpp"
#include "storage/market_store.hpp"

namespace plaza::markets {

/// One price report as a feed read it, before any check: text as the feed sent it.
struct Tick {
  std::string symbol;      // upper-case
  std::string last;        // decimal text
  std::string change_24h;  // percent, decimal text ("" = unknown: "0")
  std::string volume_24h;  // decimal text ("" = unknown: "0")
  std::string source;      // "demo", "csv", "gate", "binance"
};

/// Checks a tick: `last` a Decimal > 0, change and volume Decimals (volume >= 0), no NaN or
/// infinity (Decimal reads neither), at most kMaxDecimalDigits significant digits each. The
/// ticker as stored (canonical decimal strings, `updated_at` = `at`), or kInvalidArgument with
/// the field at fault.
Result<Ticker> CheckTick(const Tick& tick, Timestamp at);

class TickerService {
 public:
  /// `on_update` is called (on the caller's thread) with every ticker accepted.
  TickerService(MarketStore& store, const Clock& clock, Timestamp stale_after,
                std::function<void(const Ticker&)> on_update = {});

  /// Reads the stored tickers and the registry (at start, and after `plaza assets` edits).
  Status Load();
  /// Reads the registry again (the feed runner does before each poll, so `plaza assets add`
  /// takes effect on a running server).
  Status ReloadRegistry();
  /// Applies a tick stamped now: rejected (kInvalidArgument; the last good value stays) when
  /// CheckTick refuses it; ignored (kNotFound) for a symbol outside the registry; else stored
  /// and kept.
  Status Apply(const Tick& tick);
  /// The last accepted ticker of `symbol`.
  std::optional<Ticker> Latest(const std::string& symbol) const;
  /// Whether `ticker` is older than the staleness limit now.
  bool IsStale(const Ticker& ticker) const;
  Timestamp stale_after() const { return stale_after_; }
  const Clock& clock() const { return clock_; }
  /// The registry as last loaded.
  AssetRegistry Registry() const;
  /// The display decimals of `symbol` in the registry as last loaded, `fallback` when it has
  /// none (no copy of the registry: chips ask on every page).
  int DecimalsOf(const std::string& symbol, int fallback) const;
  /// Symbols of the registry as last loaded.
  std::vector<std::string> Symbols() const;
  /// Changes after every change to what Latest and DecimalsOf answer (a ticker accepted, the
  /// registry loaded). Read it before them: a memo made from their answers is good while it
  /// stays the same (and no chip has turned stale meanwhile).
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  MarketStore& store_;
  const Clock& clock_;
  Timestamp stale_after_;
  std::function<void(const Ticker&)> on_update_;
  mutable std::mutex mu_;
  std::map<std::string, Ticker> latest_;   // GUARDED_BY(mu_)
  AssetRegistry registry_;                 // GUARDED_BY(mu_)
  std::atomic<std::uint64_t> version_{0};  // bumped under mu_ after each change of the two above
};

}  // namespace plaza::markets
