#include "markets/tickers.hpp"

#include <utility>

namespace plaza::markets {

namespace {

Result<Decimal> Field(std::string_view text, const char* field, bool optional) {
  if (text.empty() && optional) return Decimal();
  auto value = Decimal::Parse(text);
  if (!value) {
    return Fail(Errc::kInvalidArgument, std::string(field) + ": " + value.error().message, field);
  }
  return value;
}

}  // namespace

Result<Ticker> CheckTick(const Tick& tick, Timestamp at) {
  auto last = Field(tick.last, "last", false);
  if (!last) return std::unexpected(last.error());
  if (last->negative() || last->IsZero()) {
    return Fail(Errc::kInvalidArgument, "last: a price must be positive", "last");
  }
  auto change = Field(tick.change_24h, "change_24h", true);
  if (!change) return std::unexpected(change.error());
  auto volume = Field(tick.volume_24h, "volume_24h", true);
  if (!volume) return std::unexpected(volume.error());
  if (volume->negative()) {
    return Fail(Errc::kInvalidArgument, "volume_24h: a volume cannot be negative", "volume_24h");
  }
  return Ticker{tick.symbol, last->ToString(), change->ToString(), volume->ToString(),
                at,          tick.source};
}

TickerService::TickerService(MarketStore& store, const Clock& clock, Timestamp stale_after,
                             std::function<void(const Ticker&)> on_update)
    : store_(store), clock_(clock), stale_after_(stale_after), on_update_(std::move(on_update)) {}

Status TickerService::Load() {
  auto tickers = store_.Tickers();
  if (!tickers) return std::unexpected(tickers.error());
  auto registry = LoadRegistry(store_);
  if (!registry) return std::unexpected(registry.error());
  std::lock_guard lock(mu_);
  for (auto& ticker : *tickers) latest_[ticker.symbol] = std::move(ticker);
  registry_ = std::move(*registry);
  version_.fetch_add(1, std::memory_order_release);
  return {};
}

Status TickerService::ReloadRegistry() {
  auto registry = LoadRegistry(store_);
  if (!registry) return std::unexpected(registry.error());
  std::lock_guard lock(mu_);
  registry_ = std::move(*registry);
  version_.fetch_add(1, std::memory_order_release);
  return {};
}

Status TickerService::Apply(const Tick& tick) {
  {
    std::lock_guard lock(mu_);
    if (registry_.Find(tick.symbol) == nullptr) {
      return Fail(Errc::kNotFound, "not in the asset registry: " + tick.symbol, "symbol");
    }
  }
  auto ticker = CheckTick(tick, clock_.Now());
  if (!ticker) return std::unexpected(ticker.error());
  if (auto s = store_.PutTicker(*ticker); !s) return s;
  {
    std::lock_guard lock(mu_);
    latest_[ticker->symbol] = *ticker;
    version_.fetch_add(1, std::memory_order_release);
  }
  if (on_update_) on_update_(*ticker);
  return {};
}

std::optional<Ticker> TickerService::Latest(const std::string& symbol) const {
  std::lock_guard lock(mu_);
  auto it = latest_.find(symbol);
  if (it == latest_.end()) return std::nullopt;
  return it->second;
}

bool TickerService::IsStale(const Ticker& ticker) const {
  return clock_.Now() - ticker.updated_at > stale_after_;
}

AssetRegistry TickerService::Registry() const {
  std::lock_guard lock(mu_);
  return registry_;
}

int TickerService::DecimalsOf(const std::string& symbol, int fallback) const {
  std::lock_guard lock(mu_);
  const Asset* asset = registry_.Find(symbol);
  return asset != nullptr ? asset->decimals : fallback;
}

std::vector<std::string> TickerService::Symbols() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& asset : registry_.assets()) out.push_back(asset.symbol);
  return out;
}

}  // namespace plaza::markets
