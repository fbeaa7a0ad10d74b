#pragma once

// The markets module (docs/markets.md): [markets] and [[markets.assets]], the asset registry
// seeded into the store, the price feed and its runner, the coalesced ticker.update events on
// ticker:SYMBOL, the re-extraction of cashtags when the registry changes, the hourly history
// downsampling, GET /api/v1/tickers/{SYMBOL}, and `plaza assets`.

#include <functional>
#include <memory>

#include "markets/markets_options.hpp"
#include "modules/registry.hpp"
#include "outgoing/outgoing_options.hpp"

namespace plaza::markets {

class TickerService;
class ChipBoard;

inline constexpr std::string_view kReextractJobKind = "markets.reextract";
inline constexpr std::string_view kDownsampleJobKind = "markets.downsample";

/// Opens (and migrates) the configured store, for `plaza assets`.
using StoreOpener = std::function<Result<std::unique_ptr<Store>>()>;

/// What the module's running parts share once `plaza serve` started it (routes read it).
struct MarketsState {
  MarketsOptions options;
  bool demo = false;                       // `plaza serve --demo`: "demo prices" labels
  std::unique_ptr<TickerService> tickers;  // set when the service starts
  std::unique_ptr<ChipBoard> chips;        // the same; what pages read (http::Deps::chips)
  ~MarketsState();
};

/// Registers the module. `demo`: the demo feed runs when markets.feed is "auto".
void Register(ModuleRegistry& registry, const MarketsOptions& options,
              const outgoing::OutgoingOptions& http, bool demo, StoreOpener open_store);

/// `plaza assets list|add|remove` (assets_command.cpp).
ModuleCommand AssetsCommand(StoreOpener open_store);

/// The registry's fingerprint: symbols and aliases. The re-extraction job's dedupe key, so a
/// registry that did not change is not re-extracted at every start.
std::string RegistryFingerprint(const std::vector<Asset>& assets);

/// Recomputes the cashtags of every live post's current revision with the registry now in
/// `store` (its attached tokens kept: posts::TokensOfPost) and stores those that changed (keeping
/// known prices), calling `on_changed` (when set) with each post changed (the page cache drops it).
/// Returns how many changed.
Result<int> ReextractCashtags(Store& store,
                              const std::function<void(std::int64_t)>& on_changed = {});

}  // namespace plaza::markets
