#pragma once

// [markets] and [[markets.assets]]: the settings of the markets module (docs/markets.md).

#include <cstdint>
#include <string>
#include <vector>

#include "config/section.hpp"

namespace plaza::markets {

/// One [[markets.assets]] table: seeds the asset registry (the store's `assets` table, which
/// `plaza assets add|remove` edits afterwards).
struct AssetOptions {
  std::string symbol;
  std::string name;
  int decimals = 2;
  std::string aliases;    // comma-separated other symbols: "XBT"
  std::string trade_url;  // "https://…/trade/{SYMBOL}_USDT"
};

struct MarketsOptions {
  /// "demo" (seeded random walk), "csv" (replay of csv_path), "gate", "binance", "off", or
  /// "auto": "demo" under `plaza serve --demo`, "off" otherwise.
  std::string feed = "auto";
  std::string csv_path;
  std::string gate_url = "https://api.gateio.ws";
  std::string binance_url = "https://api.binance.com";
  int poll_ms = 5000;       // exchange feeds: time between polls
  int demo_tick_ms = 3000;  // demo and csv feeds: time between ticks
  std::int64_t demo_seed = 9;
  int stale_after_s = 120;
  /// "green" (up is green, down red) or "red" (up is red, as many Asian markets read it).
  std::string up_color = "green";
  std::vector<AssetOptions> assets = DefaultAssets();

  /// BTC, ETH, SOL, DOGE, TRUMP, GT, USDT and XRP, trading on USDT.
  static std::vector<AssetOptions> DefaultAssets();
};

/// The [markets] section, with its array of tables `assets`.
const config::Section<MarketsOptions>& MarketsSection();

}  // namespace plaza::markets
