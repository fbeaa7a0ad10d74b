#include <algorithm>
#include <utility>

#include "markets/feed.hpp"
#include "markets/flat_json.hpp"

namespace plaza::markets {

namespace {

constexpr std::string_view kQuote = "USDT";

// A member as text: a string's value or a number's source text; "" when absent or neither.
std::string TextOf(const FlatObject& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->second.kind == FlatValue::Kind::kOther) return "";
  return it->second.text;
}

bool Wanted(const std::vector<std::string>& symbols, std::string_view base) {
  return std::find(symbols.begin(), symbols.end(), base) != symbols.end();
}

struct Fields {
  std::string_view pair;
  std::string_view last;
  std::string_view change;
  std::string_view volume;
  std::string_view separator;  // between base and quote in the pair: "_" or ""
  std::string_view source;
};

Result<std::vector<Tick>> ParseTickers(std::string_view body,
                                       const std::vector<std::string>& symbols, const Fields& f) {
  auto objects = ParseFlatObjects(body);
  if (!objects) return std::unexpected(objects.error());
  const std::string suffix = std::string(f.separator) + std::string(kQuote);
  std::vector<Tick> ticks;
  for (const FlatObject& object : *objects) {
    const std::string pair = TextOf(object, f.pair);
    if (pair.size() <= suffix.size() || !pair.ends_with(suffix)) continue;
    const std::string base = pair.substr(0, pair.size() - suffix.size());
    if (!Wanted(symbols, base)) continue;
    std::string last = TextOf(object, f.last);
    if (last.empty()) continue;  // the ticker service would refuse it anyway
    ticks.push_back(Tick{base, std::move(last), TextOf(object, f.change), TextOf(object, f.volume),
                         std::string(f.source)});
  }
  return ticks;
}

}  // namespace

Result<std::vector<Tick>> ParseGateTickers(std::string_view body,
                                           const std::vector<std::string>& symbols) {
  return ParseTickers(
      body, symbols,
      Fields{"currency_pair", "last", "change_percentage", "base_volume", "_", "gate"});
}

Result<std::vector<Tick>> ParseBinanceTickers(std::string_view body,
                                              const std::vector<std::string>& symbols) {
  return ParseTickers(body, symbols,
                      Fields{"symbol", "lastPrice", "priceChangePercent", "volume", "", "binance"});
}

Result<std::unique_ptr<ExchangeFeed>> ExchangeFeed::Create(Kind kind, const std::string& base_url,
                                                           const outgoing::OutgoingOptions& http) {
  outgoing::OutgoingOptions options = http;
  // The feed runner backs off between polls itself; one attempt per poll keeps a poll short.
  options.retry.max_attempts = 1;
  auto client =
      outgoing::HttpClient::Create(kind == Kind::kGate ? "gate" : "binance", {base_url}, options);
  if (!client) return std::unexpected(client.error());
  return std::unique_ptr<ExchangeFeed>(new ExchangeFeed(kind, base_url, std::move(*client)));
}

Result<std::vector<Tick>> ExchangeFeed::Poll(const std::vector<std::string>& symbols) {
  outgoing::Request request;
  request.url = base_url_ + (kind_ == Kind::kGate ? "/api/v4/spot/tickers" : "/api/v3/ticker/24hr");
  request.headers.push_back({"Accept", "application/json"});
  auto response = client_->Send(request);
  if (!response) return std::unexpected(response.error());
  if (response->status != 200) {
    return Fail(Errc::kUnavailable,
                std::string(name()) + " answered HTTP " + std::to_string(response->status));
  }
  return kind_ == Kind::kGate ? ParseGateTickers(response->body, symbols)
                              : ParseBinanceTickers(response->body, symbols);
}

Result<std::unique_ptr<PriceFeed>> MakeFeed(const MarketsOptions& options,
                                            const outgoing::OutgoingOptions& http) {
  if (options.feed == "demo") {
    return std::unique_ptr<PriceFeed>(
        std::make_unique<DemoFeed>(static_cast<std::uint64_t>(options.demo_seed)));
  }
  if (options.feed == "csv") {
    if (options.csv_path.empty()) {
      return Fail(Errc::kInvalidArgument, "the csv feed needs markets.csv_path",
                  "markets.csv_path");
    }
    auto feed = CsvReplayFeed::Open(options.csv_path);
    if (!feed) return std::unexpected(feed.error());
    return std::unique_ptr<PriceFeed>(std::move(*feed));
  }
  if (options.feed == "gate" || options.feed == "binance") {
    const bool gate = options.feed == "gate";
    auto feed =
        ExchangeFeed::Create(gate ? ExchangeFeed::Kind::kGate : ExchangeFeed::Kind::kBinance,
                             gate ? options.gate_url : options.binance_url, http);
    if (!feed) return std::unexpected(feed.error());
    return std::unique_ptr<PriceFeed>(std::move(*feed));
  }
  return Fail(Errc::kInvalidArgument, "no price feed (markets.feed = \"off\")", "markets.feed");
}

}  // namespace plaza::markets
