#include "markets/markets_options.hpp"

#include <cstdint>
#include <string_view>

namespace plaza::markets {

namespace {

constexpr const char* kTradeUrl = "https://www.gate.com/trade/{SYMBOL}_USDT";

Status CheckSymbol(std::string_view key, std::string_view symbol) {
  if (symbol.empty() || symbol.size() > 10) {
    return config::BadValue(key, "a symbol has 1 to 10 letters or digits");
  }
  bool letter = false;
  for (char c : symbol) {
    const bool upper = c >= 'A' && c <= 'Z';
    if (!upper && !(c >= '0' && c <= '9')) {
      return config::BadValue(
          key, "'" + std::string(symbol) + "': a symbol is upper-case ASCII letters and digits");
    }
    letter = letter || upper;
  }
  if (!letter) return config::BadValue(key, "a symbol needs a letter");
  return {};
}

const config::Section<AssetOptions>& AssetFields() {
  static const auto fields =
      config::Section<AssetOptions>()
          .Scalar(
              "symbol",
              [](AssetOptions& o, std::string_view v, std::string_view key) -> Status {
                if (auto s = CheckSymbol(key, v); !s) return s;
                o.symbol = std::string(v);
                return {};
              },
              [](const AssetOptions& o) { return config::Quoted(o.symbol); },
              "the ticker symbol, upper-case ASCII letters and digits: \"BTC\", \"1INCH\"")
          .Required()
          .Text("name", &AssetOptions::name, "the name shown on the token page: \"Bitcoin\"")
          .Integer("decimals", &AssetOptions::decimals, 0, 18,
                   "digits after the point prices are shown with")
          .Text("aliases", &AssetOptions::aliases,
                "other symbols that mean this asset, comma-separated: \"XBT\"")
          .Text("trade_url", &AssetOptions::trade_url,
                "the trade link on the token page; {SYMBOL} is replaced by the symbol")
          .Check([](const AssetOptions& o, std::string_view key) -> Status {
            std::string_view rest = o.aliases;
            while (!rest.empty()) {
              const auto comma = rest.find(',');
              std::string_view alias = rest.substr(0, comma);
              while (!alias.empty() && alias.front() == ' ') alias.remove_prefix(1);
              while (!alias.empty() && alias.back() == ' ') alias.remove_suffix(1);
              if (auto s = CheckSymbol(std::string(key) + ".aliases", alias); !s) return s;
              if (comma == std::string_view::npos) break;
              rest.remove_prefix(comma + 1);
            }
            return {};
          });
  return fields;
}

}  // namespace

std::vector<AssetOptions> MarketsOptions::DefaultAssets() {
  return {
      {"BTC", "Bitcoin", 2, "XBT", kTradeUrl},
      {"ETH", "Ethereum", 2, "", kTradeUrl},
      {"SOL", "Solana", 2, "", kTradeUrl},
      {"DOGE", "Dogecoin", 5, "", kTradeUrl},
      {"TRUMP", "Official Trump", 3, "", kTradeUrl},
      {"GT", "GateToken", 3, "", kTradeUrl},
      {"USDT", "Tether", 4, "", ""},
      {"XRP", "XRP", 4, "", kTradeUrl},
  };
}

const config::Section<MarketsOptions>& MarketsSection() {
  static const auto section =
      config::Section<MarketsOptions>("markets",
                                      "price chips, tickers and token pages: docs/markets.md")
          .Choice("feed", &MarketsOptions::feed, {"auto", "off", "demo", "csv", "gate", "binance"},
                  "where prices come from: \"demo\" (a seeded random walk), \"csv\" (replays "
                  "csv_path), \"gate\" or \"binance\" (exchange REST APIs, polled), \"off\" "
                  "(stored prices only), or \"auto\": demo under --demo, off otherwise")
          .Text("csv_path", &MarketsOptions::csv_path,
                "the file the csv feed replays: lines of timestamp,symbol,price")
          .Scalar(
              "gate_url",
              [](MarketsOptions& o, std::string_view v, std::string_view key) -> Status {
                auto url = config::ParseBaseUrl(key, v, false);
                if (!url) return std::unexpected(url.error());
                o.gate_url = *url;
                return {};
              },
              [](const MarketsOptions& o) { return config::Quoted(o.gate_url); },
              "base URL of Gate's API v4 (the feed asks {gate_url}/api/v4/spot/tickers and "
              "nothing else)")
          .Scalar(
              "binance_url",
              [](MarketsOptions& o, std::string_view v, std::string_view key) -> Status {
                auto url = config::ParseBaseUrl(key, v, false);
                if (!url) return std::unexpected(url.error());
                o.binance_url = *url;
                return {};
              },
              [](const MarketsOptions& o) { return config::Quoted(o.binance_url); },
              "base URL of Binance's API (the feed asks {binance_url}/api/v3/ticker/24hr)")
          .Integer("poll_ms", &MarketsOptions::poll_ms, 200, 3'600'000,
                   "exchange feeds: milliseconds between polls (failures back off up to 64 "
                   "times this)")
          .Integer("demo_tick_ms", &MarketsOptions::demo_tick_ms, 10, 3'600'000,
                   "demo and csv feeds: milliseconds between ticks")
          .Integer("demo_seed", &MarketsOptions::demo_seed, 0, INT64_MAX,
                   "the demo feed's random seed (the same seed walks the same prices)")
          .Integer("stale_after_s", &MarketsOptions::stale_after_s, 5, 86'400,
                   "a price with no update for longer than this is shown greyed and marked "
                   "stale, never as live")
          .Choice("up_color", &MarketsOptions::up_color, {"green", "red"},
                  "the colour of a rise: \"green\" (down is red) or \"red\" (down is green)")
          .Tables("assets", &MarketsOptions::assets, AssetFields(),
                  "the asset registry's seed: [[markets.assets]] tables; assets already stored "
                  "are left as they are (`plaza assets` edits the store)");
  return section;
}

}  // namespace plaza::markets
