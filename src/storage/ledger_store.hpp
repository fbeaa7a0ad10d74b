#pragma once

// The rewards ledger (docs/rewards.md): accounts per (kind, owner, asset) holding a balance in
// integer minor units, transactions whose entries sum to zero per asset, tips and the
// idempotency keys of the API writes that move value.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/notification_store.hpp"

namespace plaza {

/// user: a member's wallet for one asset (never below zero); system: where grants come from
/// (may go below zero: it is the issuer); fee: where platform fees go (never below zero).
enum class AccountKind { kUser, kSystem, kFee };
enum class LedgerTxKind { kTip, kGrant, kAdjust, kWelcome };
enum class TipSubjectKind { kPost, kComment };

const char* AccountKindName(AccountKind kind);
const char* LedgerTxKindName(LedgerTxKind kind);
const char* TipSubjectKindName(TipSubjectKind kind);
std::optional<TipSubjectKind> ParseTipSubjectKind(std::string_view name);

/// One account: a user's (user_id = the user) or the system's or fee account (user_id = 0).
struct AccountRef {
  AccountKind kind = AccountKind::kUser;
  std::int64_t user_id = 0;
};

/// One entry of a transaction: `amount` minor units (signed) into `account`.
struct LedgerLeg {
  AccountRef account;
  std::int64_t amount = 0;
};

/// A transaction to post: legs of one asset that sum to zero, each on a different account.
struct LedgerPosting {
  LedgerTxKind kind = LedgerTxKind::kGrant;
  std::string asset;
  std::vector<LedgerLeg> legs;
  std::int64_t actor_id = 0;  // the user who moved value; 0: the system (an operator)
  std::string memo;           // an operator's reason
  /// Given (from the system account) to a user account of `asset` that this write opens.
  std::int64_t welcome = 0;
  Timestamp created_at = 0;
};

/// An asset and an amount of it: a balance, or the welcome grant of an asset.
struct AssetAmount {
  std::string asset;
  std::int64_t amount = 0;
};

/// A posted transaction and the balances it left on its user accounts.
struct PostedTx {
  std::int64_t id = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> user_balances;  // (user_id, balance)
};

struct NewTip {
  TipSubjectKind subject_kind = TipSubjectKind::kPost;
  std::int64_t subject_id = 0;
  std::int64_t post_id = 0;  // the post, or the comment's post
  std::int64_t tipper_id = 0;
  std::int64_t author_id = 0;
  std::string asset;
  std::int64_t amount = 0;  // paid by the tipper, > 0
  std::int64_t fee = 0;     // of `amount`, to the fee account; the author gets amount - fee
  std::string message;
  std::string idempotency_key;  // "" = none
  std::string request;          // the canonical parameters a reused key is compared with
  std::int64_t welcome = 0;     // see LedgerPosting::welcome
  Timestamp created_at = 0;
  /// The author's notification of the tip, stored in the tip's transaction (none: no
  /// notification). Not written when the key replays an earlier tip.
  std::optional<NewNotification> notification;
};

struct Tip {
  std::int64_t id = 0;  // its transaction's id
  TipSubjectKind subject_kind = TipSubjectKind::kPost;
  std::int64_t subject_id = 0;
  std::int64_t post_id = 0;
  std::int64_t tipper_id = 0;
  std::string tipper_handle;
  std::int64_t author_id = 0;
  std::string author_handle;
  std::string asset;
  std::int64_t amount = 0;
  std::int64_t fee = 0;
  std::string message;
  Timestamp created_at = 0;
};

struct TipOutcome {
  Tip tip;
  bool replayed = false;            // the key was used before with the same request: nothing moved
  std::int64_t subject_tips = 0;    // tips on the subject now
  std::int64_t tipper_balance = 0;  // in the tip's asset, now
  std::int64_t author_balance = 0;
  /// What storing NewTip::notification did (a new tip with a notification only).
  std::optional<NotificationWrite> notification;
};

/// One entry of a user's wallet history.
struct WalletEntry {
  std::int64_t tx_id = 0;
  LedgerTxKind kind = LedgerTxKind::kTip;
  std::string asset;
  std::int64_t amount = 0;   // signed: what the user's account received
  std::string memo;          // a grant's reason, a tip's message
  std::int64_t post_id = 0;  // tips: the post (0 otherwise)
  Timestamp created_at = 0;
};

/// Thread-safe. Every write is one database transaction (on SQLite one write of the writer).
class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  /// Opens the user's account for each asset of `assets` that has none yet, giving each account
  /// opened its `amount` (> 0) from the system account in a 'welcome' transaction. Returns every
  /// balance of the user, by asset. Opening an open account is not an error.
  virtual Result<std::vector<AssetAmount>> OpenWallet(std::int64_t user_id,
                                                      std::span<const AssetAmount> assets,
                                                      Timestamp now) = 0;
  /// The user's balances by asset (empty when no account is open).
  virtual Result<std::vector<AssetAmount>> Balances(std::int64_t user_id) = 0;
  /// Posts one transaction. kInvalidArgument when its legs do not sum to zero, are fewer than
  /// two, name an account twice or overflow; kConflict (field "amount") when a user or fee
  /// account would go below zero — then nothing is posted. Accounts open as needed.
  virtual Result<PostedTx> Post(const LedgerPosting& posting) = 0;
  /// Posts a tip: tipper -amount, author +(amount - fee), fee account +fee, the tip row, the
  /// subject's tip count (the post's or the comment's), the idempotency key and the author's
  /// notification (as NotificationStore::Add stores it, unread count included), in one transaction:
  /// when the notification cannot be stored (its errors as Add's), nothing of the tip is. With a
  /// key already used by the tipper: the same `request` answers the first tip again (replayed,
  /// nothing moves); another request is kConflict (field "Idempotency-Key"). kConflict (field
  /// "amount") when the tipper's balance is short; kNotFound / kGone when the post (of a post
  /// subject) does not exist / is deleted. Comment subjects are checked by the caller (the comment
  /// exists, its author is author_id); kGone when it is no longer live.
  virtual Result<TipOutcome> PostTip(const NewTip& tip) = 0;
  /// Tips on a subject, newest first, at most `limit`.
  virtual Result<std::vector<Tip>> TipsOf(TipSubjectKind kind, std::int64_t subject_id,
                                          int limit) = 0;
  /// The user's entries, newest first: those of transactions older than `before_tx` (when
  /// given), at most `limit`.
  virtual Result<std::vector<WalletEntry>> History(std::int64_t user_id,
                                                   std::optional<std::int64_t> before_tx,
                                                   int limit) = 0;
  /// Recomputes every balance from the entries and checks every transaction sums to zero per
  /// asset (and entries match their account's asset, and no user or fee balance is negative),
  /// over one consistent snapshot. The first mismatch described, or nullopt when all hold.
  virtual Result<std::optional<std::string>> Verify() = 0;
  /// Deletes idempotency keys created before `before`; returns how many.
  virtual Result<std::int64_t> PurgeIdempotencyKeys(Timestamp before) = 0;
};

}  // namespace plaza
