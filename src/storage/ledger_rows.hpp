#pragma once

// What both ledger backends share: the checks of a posting, the bounds a balance must be in
// before an entry is applied, the errors of a refused entry, and the row conversions.

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "storage/ledger_store.hpp"
#include "storage/rows.hpp"

namespace plaza::storage {

/// kInvalidArgument unless the posting has an asset, two or more legs on distinct accounts,
/// no zero leg, and legs summing to zero without overflow.
Status CheckPosting(const LedgerPosting& posting);
/// kInvalidArgument unless the tip's fields are storable and its amounts consistent
/// (0 < amount, 0 <= fee <= amount).
Status CheckTip(const NewTip& tip);

/// The range [low, high] an account's balance must be in for `balance + delta` to stay within
/// its kind's bounds (user and fee accounts: [0, INT64_MAX]; the system account: (INT64_MIN,
/// INT64_MAX]), computed without overflow.
struct BalanceRange {
  std::int64_t low = 0;
  std::int64_t high = 0;
};
BalanceRange RangeFor(AccountKind kind, std::int64_t delta);

/// The error of an entry whose account was outside its range: kConflict (field "amount")
/// "balance too low" when `delta` takes value out, else kInvalidArgument (overflow).
Error RefusedEntry(AccountKind kind, std::int64_t delta);

/// The legs of a tip: tipper -amount, author +(amount - fee), fee account +fee (when > 0).
LedgerPosting TipPosting(const NewTip& tip);

/// kConflict (field "Idempotency-Key"): the key was first used with other parameters.
Error ReusedKey();
/// The post a tip names is not live: kGone when it `exists` (deleted, hidden), else kNotFound.
Error TipTargetError(bool exists);
/// The comment a tip names is not live (the caller checked it existed): kGone.
Error CommentGone();
/// The tip `tip` became as transaction `tx_id` (handles left empty).
Tip TipOf(const NewTip& tip, std::int64_t tx_id);
/// The balance `posted` left on the user's account (0 when it has no leg there).
std::int64_t BalanceOf(const PostedTx& posted, std::int64_t user_id);

/// Columns of ledger_store/tip_by_id.sql (and tips_of.sql).
Result<Tip> TipFromRow(const Row& row);
/// Columns of ledger_store/history.sql.
Result<WalletEntry> WalletEntryFromRow(const Row& row);
/// Columns of ledger_store/balances.sql.
Result<AssetAmount> BalanceFromRow(const Row& row);

/// The verify_*.sql checks in order, each with the text describing its first row.
enum class LedgerCheck { kUnbalanced, kTooFewEntries, kAssetMismatch, kBalance, kNegative, kTip };
inline constexpr LedgerCheck kLedgerChecks[] = {
    LedgerCheck::kUnbalanced, LedgerCheck::kTooFewEntries, LedgerCheck::kAssetMismatch,
    LedgerCheck::kBalance,    LedgerCheck::kNegative,      LedgerCheck::kTip};
/// "ledger_store/verify_unbalanced", ...
const char* LedgerCheckQuery(LedgerCheck check);
std::string DescribeMismatch(LedgerCheck check, const Row& row);

}  // namespace plaza::storage
