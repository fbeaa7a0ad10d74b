#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "markets/feed.hpp"

namespace plaza::markets {

namespace {

// Where the walk starts, near real prices of late 2026 (the demo's reference post is about
// TRUMP); unknown symbols start at 1.
struct Start {
  const char* symbol;
  const char* price;
  int scale;
};
constexpr Start kStarts[] = {
    {"BTC", "67012.50", 2}, {"ETH", "3480.20", 2}, {"SOL", "152.40", 3},  {"DOGE", "0.16210", 6},
    {"TRUMP", "10.870", 4}, {"GT", "16.420", 4},   {"USDT", "1.0000", 5}, {"XRP", "2.2100", 5},
};

}  // namespace

DemoFeed::DemoFeed(std::uint64_t seed) : random_(seed) {}

Result<std::vector<Tick>> DemoFeed::Poll(const std::vector<std::string>& symbols) {
  std::vector<Tick> ticks;
  for (const auto& symbol : symbols) {
    auto it = walks_.find(symbol);
    if (it == walks_.end()) {
      Walk walk{*Decimal::Parse("1"), *Decimal::Parse("1"), 4};
      for (const Start& s : kStarts) {
        if (symbol == s.symbol)
          walk = Walk{*Decimal::Parse(s.price), *Decimal::Parse(s.price), s.scale};
      }
      it = walks_.emplace(symbol, std::move(walk)).first;
    }
    Walk& walk = it->second;
    const int reach = symbol == "USDT" ? 1 : 40;  // basis points
    std::uniform_int_distribution<int> step(-reach, reach);
    walk.last = walk.last.MovedBy(step(random_), walk.scale);
    if (walk.last.IsZero() || walk.last.negative()) walk.last = walk.open;
    auto change = Decimal::PercentChange(walk.open, walk.last, 4);
    std::uniform_int_distribution<int> volume(1'000, 900'000);
    ticks.push_back(Tick{symbol, walk.last.ToString(),
                         change ? change->ToString() : std::string("0"),
                         std::to_string(volume(random_)), "demo"});
  }
  return ticks;
}

Result<int> SeedDemoPrices(MarketStore& store, std::uint64_t seed, Timestamp now) {
  std::vector<std::string> symbols;
  for (const Start& s : kStarts) {
    auto stored = store.GetTicker(s.symbol);
    if (!stored) return std::unexpected(stored.error());
    if (!*stored) symbols.emplace_back(s.symbol);
  }
  if (symbols.empty()) return 0;
  // A history for the charts: every 30 minutes for a day, then every 12 hours back to 30 days
  // (one store write each: kept few, so the demo starts fast). The walk runs backwards in time
  // from the starting prices, so the live feed (same seed) goes on from the last stored price.
  constexpr Timestamp kMinute = 60 * kMicrosPerSecond;
  std::vector<Timestamp> times;
  for (int k = 0; k <= 48; ++k) times.push_back(now - k * 30 * kMinute);
  for (int h = 36; h <= 30 * 24; h += 12) times.push_back(now - h * 60 * kMinute);
  constexpr std::size_t kDayAgo = 48;  // times[kDayAgo] is 24 hours before now
  DemoFeed feed(seed);
  std::vector<std::vector<Tick>> walk;
  walk.reserve(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    auto ticks = feed.Poll(symbols);
    if (!ticks) return std::unexpected(ticks.error());
    walk.push_back(std::move(*ticks));
  }
  for (std::size_t i = times.size(); i-- > 0;) {
    for (std::size_t j = 0; j < symbols.size(); ++j) {
      Tick tick = walk[i][j];
      tick.change_24h = "0";
      if (i == 0) {  // the price now: its change over the day of history just written
        auto then = Decimal::Parse(walk[kDayAgo][j].last);
        auto last = Decimal::Parse(tick.last);
        if (then && last) {
          auto change = Decimal::PercentChange(*then, *last, 4);
          if (change) tick.change_24h = change->ToString();
        }
      }
      auto ticker = CheckTick(tick, times[i]);
      if (!ticker) return std::unexpected(ticker.error());
      if (auto put = store.PutTicker(*ticker); !put) return std::unexpected(put.error());
    }
  }
  return static_cast<int>(symbols.size());
}

Result<std::unique_ptr<CsvReplayFeed>> CsvReplayFeed::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Errc::kNotFound, "cannot read the csv feed file " + path, "csv_path");
  std::ostringstream text;
  text << in.rdbuf();
  return FromText(text.str());
}

Result<std::unique_ptr<CsvReplayFeed>> CsvReplayFeed::FromText(std::string_view text) {
  auto feed = std::unique_ptr<CsvReplayFeed>(new CsvReplayFeed());
  int line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.starts_with("timestamp")) continue;
    const auto c1 = line.find(',');
    const auto c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    auto bad = [&](const std::string& why) {
      return Fail(Errc::kInvalidArgument, "csv feed line " + std::to_string(line_no) + ": " + why,
                  "csv_path");
    };
    if (c2 == std::string_view::npos) return bad("expected timestamp,symbol,price");
    std::string symbol(line.substr(c1 + 1, c2 - c1 - 1));
    for (char& c : symbol) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    auto price = Decimal::Parse(line.substr(c2 + 1));
    if (!price) return bad(price.error().message);
    if (price->negative() || price->IsZero()) return bad("a price must be positive");
    if (symbol.empty()) return bad("no symbol");
    feed->first_.emplace(symbol, *price);
    feed->rows_.push_back(Row{std::string(line.substr(0, c1)), std::move(symbol), *price});
  }
  if (feed->rows_.empty()) return Fail(Errc::kInvalidArgument, "the csv feed file has no prices");
  return feed;
}

Result<std::vector<Tick>> CsvReplayFeed::Poll(const std::vector<std::string>& symbols) {
  std::vector<Tick> ticks;
  if (next_ >= rows_.size()) next_ = 0;
  const std::string stamp = rows_[next_].timestamp;
  for (; next_ < rows_.size() && rows_[next_].timestamp == stamp; ++next_) {
    const Row& row = rows_[next_];
    if (std::find(symbols.begin(), symbols.end(), row.symbol) == symbols.end()) continue;
    auto change = Decimal::PercentChange(first_.at(row.symbol), row.price, 4);
    ticks.push_back(Tick{row.symbol, row.price.ToString(),
                         change ? change->ToString() : std::string("0"), "0", "csv"});
  }
  return ticks;
}

}  // namespace plaza::markets
