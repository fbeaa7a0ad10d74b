#pragma once

// The rewards module (docs/rewards.md): [rewards], the tip routes, the wallet, the live
// post.counts and wallet.balance events, the idempotency-key purge job and `plaza ledger`.

#include <functional>
#include <memory>

#include "modules/registry.hpp"
#include "rewards/rewards.hpp"
#include "rewards/rewards_options.hpp"

namespace plaza::rewards {

/// Makes the seams to other capabilities once `plaza serve` has built its services.
using SeamsFactory = std::function<RewardsSeams(ModuleContext& context)>;

/// Opens the configured store, migrated (the app's: `plaza ledger` runs beside the server).
using StoreOpener = std::function<Result<std::unique_ptr<Store>>()>;

/// Registers the module (nothing when rewards.enabled is false, but `plaza ledger`).
/// `seams` (optional) wires comment tips and author notifications; `open_store` serves
/// `plaza ledger`.
void Register(ModuleRegistry& registry, const RewardsOptions& options, StoreOpener open_store,
              SeamsFactory seams = {});

/// `plaza ledger grant|adjust|verify` (ledger_command.cpp).
ModuleCommand LedgerCommand(const RewardsOptions& options, StoreOpener open_store);

}  // namespace plaza::rewards
