#pragma once

// How both ledger backends post a transaction (LedgerStore::Post, a tip's transfer, a wallet's
// welcome grants): the order of the steps and the welcome grant of an account the posting
// opens live here once; each backend supplies the steps on its connection.

#include <cstdint>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/ledger_store.hpp"

namespace plaza::storage {

/// The statements a posting runs, on the connection of the caller's transaction.
class LedgerSteps {
 public:
  virtual ~LedgerSteps() = default;
  /// The id of the account of `ref` in `asset`, opened (balance 0) when missing; `*opened`
  /// tells whether it was.
  virtual Result<std::int64_t> AccountId(const AccountRef& ref, const std::string& asset,
                                         bool* opened) = 0;
  /// A new ledger_tx row for `posting`; its id.
  virtual Result<std::int64_t> InsertTx(const LedgerPosting& posting) = 0;
  /// Moves the account's balance by `amount` when the balance is within RangeFor(kind, amount)
  /// (else RefusedEntry(kind, amount)) and records the entry of transaction `tx_id`; the new
  /// balance.
  virtual Result<std::int64_t> ApplyEntry(std::int64_t tx_id, std::int64_t account_id,
                                          AccountKind kind, const std::string& asset,
                                          std::int64_t amount) = 0;
};

/// Posts `posting` as transaction `tx_id` (0: a new one). A user account it opens first gets
/// the posting's welcome grant, in a transaction of its own. Entries are applied in account id
/// order (on PostgreSQL, row locks taken in one order: two transfers between the same accounts
/// in opposite directions wait for each other instead of deadlocking).
Result<PostedTx> PostIn(LedgerSteps& steps, const LedgerPosting& posting, std::int64_t tx_id = 0);

/// Opens the user's account for each asset of `assets` that has none, each opened one with
/// its welcome grant (`amount`, when > 0) from the system account.
Status OpenWalletIn(LedgerSteps& steps, std::int64_t user_id, std::span<const AssetAmount> assets,
                    Timestamp now);

}  // namespace plaza::storage
