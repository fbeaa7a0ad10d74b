#pragma once

// The asset registry as services read it: which symbols are known, under which aliases, shown
// with how many digits. The store holds it (seeded from [[markets.assets]], edited by
// `plaza assets`); this is a snapshot of it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markets/markets_options.hpp"
#include "storage/market_store.hpp"
#include "text/text.hpp"

namespace plaza::markets {

class AssetRegistry {
 public:
  AssetRegistry() = default;
  explicit AssetRegistry(std::vector<Asset> assets);

  /// The asset whose symbol or alias is `candidate` (upper-case), or nullptr.
  const Asset* Find(std::string_view candidate) const;
  /// Find's symbol, for text::ExtractCashtags.
  std::optional<std::string> Resolve(std::string_view candidate) const;
  /// A lookup over a copy of this registry; an empty one when the registry is empty (then every
  /// letter-first cashtag counts: Plaza without an asset list still finds tags).
  text::SymbolLookup Lookup() const;
  const std::vector<Asset>& assets() const { return assets_; }
  bool empty() const { return assets_.empty(); }

 private:
  std::vector<Asset> assets_;
};

/// The asset a [[markets.assets]] table describes (aliases split, trimmed, upper-case).
Asset ToAsset(const AssetOptions& options);
/// The trade link of an asset: its template with {SYMBOL} replaced ("" without a template).
std::string TradeUrl(const Asset& asset);
/// The registry now in `store` (kUnavailable and the like from the store).
Result<AssetRegistry> LoadRegistry(MarketStore& store);

}  // namespace plaza::markets
