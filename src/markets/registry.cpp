#include "markets/registry.hpp"

#include <memory>
#include <utility>

namespace plaza::markets {

AssetRegistry::AssetRegistry(std::vector<Asset> assets) : assets_(std::move(assets)) {}

const Asset* AssetRegistry::Find(std::string_view candidate) const {
  for (const Asset& asset : assets_) {
    if (asset.symbol == candidate) return &asset;
  }
  for (const Asset& asset : assets_) {
    for (const auto& alias : asset.aliases) {
      if (alias == candidate) return &asset;
    }
  }
  return nullptr;
}

std::optional<std::string> AssetRegistry::Resolve(std::string_view candidate) const {
  const Asset* asset = Find(candidate);
  if (asset == nullptr) return std::nullopt;
  return asset->symbol;
}

text::SymbolLookup AssetRegistry::Lookup() const {
  if (assets_.empty()) return {};
  auto copy = std::make_shared<const AssetRegistry>(*this);
  return [copy](std::string_view candidate) { return copy->Resolve(candidate); };
}

Asset ToAsset(const AssetOptions& options) {
  Asset asset;
  asset.symbol = options.symbol;
  asset.name = options.name.empty() ? options.symbol : options.name;
  asset.decimals = options.decimals;
  asset.trade_url = options.trade_url;
  std::string_view rest = options.aliases;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view alias = rest.substr(0, comma);
    while (!alias.empty() && alias.front() == ' ') alias.remove_prefix(1);
    while (!alias.empty() && alias.back() == ' ') alias.remove_suffix(1);
    if (!alias.empty()) {
      std::string upper(alias);
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      asset.aliases.push_back(std::move(upper));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return asset;
}

std::string TradeUrl(const Asset& asset) {
  std::string url = asset.trade_url;
  constexpr std::string_view kPlaceholder = "{SYMBOL}";
  for (auto pos = url.find(kPlaceholder); pos != std::string::npos;
       pos = url.find(kPlaceholder, pos + asset.symbol.size())) {
    url.replace(pos, kPlaceholder.size(), asset.symbol);
  }
  return url;
}

Result<AssetRegistry> LoadRegistry(MarketStore& store) {
  auto assets = store.Assets();
  if (!assets) return std::unexpected(assets.error());
  return AssetRegistry(std::move(*assets));
}

}  // namespace plaza::markets
