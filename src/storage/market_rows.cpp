#include "storage/market_rows.hpp"

#include <string_view>
#include <utility>

#include "storage/encoding.hpp"

namespace plaza::storage {

bool IsSymbol(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

namespace {

Status BadField(const char* field, const char* why) {
  return Fail(Errc::kInvalidArgument, std::string(field) + " " + why, field);
}

Status Storable(std::string_view value, const char* field) {
  if (IsStorableText(value)) return {};
  return BadField(field, "must be valid UTF-8 without NUL");
}

}  // namespace

Result<Asset> AssetFromRow(const Row& row) {
  Asset asset;
  asset.symbol = row.Text(0);
  asset.name = row.Text(1);
  asset.decimals = static_cast<int>(row.Int(2));
  asset.aliases = SplitSymbols(row.Text(3));
  asset.trade_url = row.Text(4);
  return asset;
}

Result<Ticker> TickerFromRow(const Row& row) {
  return Ticker{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4), row.Text(5)};
}

Result<PricePoint> PricePointFromRow(const Row& row) {
  return PricePoint{row.Int(0), row.Text(1), row.Text(2)};
}

Result<PostTokenPrice> PostTokenFromRow(const Row& row) {
  PostTokenPrice token{row.Int(0), row.Text(1), std::nullopt};
  std::string price = row.Text(2);
  if (!price.empty()) token.price_at_post = std::move(price);
  return token;
}

std::vector<std::string> SplitSymbols(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinSymbols(const std::vector<std::string>& aliases) {
  std::string out;
  for (const auto& alias : aliases) {
    if (!out.empty()) out += ',';
    out += alias;
  }
  return out;
}

Status CheckAsset(const Asset& asset) {
  if (!IsSymbol(asset.symbol)) {
    return BadField("symbol", "must be 1 to 10 upper-case ASCII letters or digits");
  }
  for (const auto& alias : asset.aliases) {
    if (!IsSymbol(alias)) {
      return BadField("aliases", "must be 1 to 10 upper-case ASCII letters or digits each");
    }
  }
  if (asset.decimals < 0 || asset.decimals > 18) return BadField("decimals", "must be 0 to 18");
  if (auto s = Storable(asset.name, "name"); !s) return s;
  return Storable(asset.trade_url, "trade_url");
}

Status CheckTicker(const Ticker& ticker) {
  if (!IsSymbol(ticker.symbol)) {
    return BadField("symbol", "must be 1 to 10 upper-case ASCII letters or digits");
  }
  if (ticker.last.empty()) return BadField("last", "is required");
  if (auto s = Storable(ticker.last, "last"); !s) return s;
  if (auto s = Storable(ticker.change_24h, "change_24h"); !s) return s;
  if (auto s = Storable(ticker.volume_24h, "volume_24h"); !s) return s;
  return Storable(ticker.source, "source");
}

Timestamp MinuteOf(Timestamp t) {
  constexpr Timestamp kMinute = 60 * kMicrosPerSecond;
  return t - ((t % kMinute) + kMinute) % kMinute;
}

std::map<std::string, std::string> EarliestPrices(
    const std::vector<std::pair<std::string, std::string>>& newest_first) {
  std::map<std::string, std::string> prices;
  for (const auto& [symbol, price] : newest_first) prices[symbol] = price;
  return prices;
}

}  // namespace plaza::storage
