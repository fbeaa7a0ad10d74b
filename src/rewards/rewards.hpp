#pragma once

// The rewards service: tips on posts and comments, wallets, operator grants and the audit
// (docs/rewards.md). Plain synchronous C++ over the ledger store; the HTTP handlers, the
// `plaza ledger` command and the purge job call it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "rewards/rewards_options.hpp"
#include "storage/store.hpp"

namespace plaza::rewards {

/// A comment a tip names, as the comments capability knows it.
struct CommentTarget {
  std::int64_t post_id = 0;
  std::int64_t author_id = 0;
  std::string author_handle;
  std::string body;  // what the reward form shows of it
};

/// What rewards needs from other capabilities, wired by the app (src/app/modules.cpp).
/// Unset functions mean the capability is absent: comment tips are refused (and their route is
/// not added), authors are not notified.
struct RewardsSeams {
  /// The comment `comment_id`: kNotFound when it does not exist, kGone when it is deleted or
  /// hidden. Called on a worker thread; must be thread-safe.
  std::function<Result<CommentTarget>(std::int64_t comment_id)> find_comment;
  /// The notification telling the author of `tip` about it, stored in the tip's own
  /// transaction (LedgerStore::PostTip): if it cannot be stored, the tip is not made either.
  /// nullopt: none. Called on a worker thread before the tip is written.
  std::function<std::optional<NewNotification>(const NewTip& tip)> author_notification;
  /// Publishes what storing that notification did (the author's live badge), after a new tip
  /// (not a replayed one) committed. Called on a worker thread; must not block for long.
  std::function<void(const Tip& tip, const NotificationWrite& write)> notification_stored;
};

/// A tip as asked for, before anything is checked.
struct TipRequest {
  std::int64_t tipper_id = 0;
  std::string tipper_handle;
  TipSubjectKind subject_kind = TipSubjectKind::kPost;
  std::int64_t subject_id = 0;
  std::string asset;
  std::string amount;  // decimal text in the asset's units
  std::string message;
  std::string idempotency_key;  // "" only for the no-script form (its one-time token instead)
};

/// A user's balance in one asset.
struct WalletBalance {
  const TipAsset* asset = nullptr;
  std::int64_t amount = 0;
};

class Rewards {
 public:
  /// kInvalidArgument when `options` lists an asset twice or a welcome it cannot parse.
  static Result<std::unique_ptr<Rewards>> Create(Store& store, const RewardsOptions& options,
                                                 const Clock& clock, RewardsSeams seams = {});

  const RewardsOptions& options() const { return options_; }
  const RewardsSeams& seams() const { return seams_; }
  /// nullptr when `code` is not a configured asset.
  const TipAsset* FindAsset(std::string_view code) const;

  /// Checks and posts a tip. kInvalidArgument naming the field (asset, amount, message,
  /// Idempotency-Key) for bad input; kLimitExceeded for a message over 200 grapheme clusters;
  /// kForbidden for a tip to oneself; kNotFound / kGone for a missing / deleted subject;
  /// kConflict (field "amount") for a short balance, (field "Idempotency-Key") for a key reused
  /// with other parameters. A replayed key answers the first tip (outcome.replayed).
  Result<TipOutcome> Tip(const TipRequest& request);

  /// The user's balances in every configured asset, opening the wallet (with its welcome
  /// grants) on first use.
  Result<std::vector<WalletBalance>> Wallet(std::int64_t user_id);
  Result<std::vector<WalletEntry>> History(std::int64_t user_id,
                                           std::optional<std::int64_t> before_tx, int limit);
  /// The newest tips on a subject.
  Result<std::vector<plaza::Tip>> TipsOn(TipSubjectKind kind, std::int64_t subject_id, int limit);

  /// An operator's grant (kGrant: a positive amount from the system account) or adjustment
  /// (kAdjust: positive or negative), with its reason. kNotFound (field "--user") for an unknown
  /// handle; amounts as for tips (field "--amount").
  Result<PostedTx> Grant(LedgerTxKind kind, std::string_view handle, std::string_view asset,
                         std::string_view amount, std::string_view reason);

  /// See LedgerStore::Verify.
  Result<std::optional<std::string>> Verify();
  /// Deletes idempotency keys older than options().idempotency_hours.
  Result<std::int64_t> PurgeKeys();

  /// Called after each new tip committed (not a replay): live events.
  void OnTip(std::function<void(const TipOutcome&)> listener) { on_tip_ = std::move(listener); }

 private:
  Rewards(Store& store, const RewardsOptions& options, const Clock& clock, RewardsSeams seams)
      : store_(store), options_(options), clock_(clock), seams_(std::move(seams)) {}

  std::int64_t WelcomeOf(const TipAsset& asset) const;

  Store& store_;
  RewardsOptions options_;
  const Clock& clock_;
  RewardsSeams seams_;
  std::vector<std::int64_t> welcome_;  // per asset of options_.assets
  std::function<void(const TipOutcome&)> on_tip_;
};

/// Message limit: 200 grapheme clusters (and its byte cap).
inline constexpr std::size_t kMaxTipMessageGraphemes = 200;

/// kInvalidArgument (field "Idempotency-Key") unless `key` is 1-255 printable ASCII characters.
Status CheckIdempotencyKey(std::string_view key);

}  // namespace plaza::rewards
