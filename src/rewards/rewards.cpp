#include "rewards/rewards.hpp"

#include <memory>
#include <utility>

#include "rewards/amount.hpp"
#include "text/limits.hpp"
#include "text/text.hpp"

namespace plaza::rewards {
namespace {

// A tip's message: as long as a title (200 grapheme clusters, 1,600 bytes).
constexpr text::TextLimit kTipMessageLimit{kMaxTipMessageGraphemes, 1'600};
// A transaction that met a PostgreSQL deadlock or serialization failure is tried again.
constexpr int kAttempts = 3;

struct Target {
  std::int64_t post_id = 0;
  std::int64_t author_id = 0;
  std::string author_handle;
};

}  // namespace

Status CheckIdempotencyKey(std::string_view key) {
  if (key.empty()) {
    return Fail(Errc::kInvalidArgument, "the Idempotency-Key header is required",
                "Idempotency-Key");
  }
  if (key.size() > 255) {
    Error e{Errc::kInvalidArgument, "the Idempotency-Key is longer than 255 characters",
            "Idempotency-Key", 255, std::nullopt};
    return std::unexpected(std::move(e));
  }
  for (char c : key) {
    if (c < 0x20 || c > 0x7e) {
      return Fail(Errc::kInvalidArgument,
                  "the Idempotency-Key must be printable ASCII characters only", "Idempotency-Key");
    }
  }
  return {};
}

Result<std::unique_ptr<Rewards>> Rewards::Create(Store& store, const RewardsOptions& options,
                                                 const Clock& clock, RewardsSeams seams) {
  auto rewards = std::unique_ptr<Rewards>(new Rewards(store, options, clock, std::move(seams)));
  for (std::size_t i = 0; i < options.assets.size(); ++i) {
    const TipAsset& asset = options.assets[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (options.assets[j].code == asset.code) {
        return Fail(Errc::kInvalidArgument, "rewards.assets lists " + asset.code + " twice",
                    "rewards.assets");
      }
    }
    std::int64_t welcome = 0;
    if (asset.welcome != "0") {
      auto parsed = ParseAmount(asset.welcome, asset.decimals, AmountSign::kPositive,
                                "rewards.assets.welcome");
      if (!parsed) return std::unexpected(parsed.error());
      welcome = *parsed;
    }
    rewards->welcome_.push_back(welcome);
  }
  return rewards;
}

const TipAsset* Rewards::FindAsset(std::string_view code) const {
  for (const TipAsset& asset : options_.assets) {
    if (asset.code == code) return &asset;
  }
  return nullptr;
}

std::int64_t Rewards::WelcomeOf(const TipAsset& asset) const {
  return welcome_[static_cast<std::size_t>(&asset - options_.assets.data())];
}

Result<TipOutcome> Rewards::Tip(const TipRequest& request) {
  const TipAsset* asset = FindAsset(request.asset);
  if (asset == nullptr) {
    return Fail(
        Errc::kInvalidArgument,
        request.asset.empty() ? "asset is required" : "unknown asset '" + request.asset + "'",
        "asset");
  }
  auto amount = ParseAmount(request.amount, asset->decimals);
  if (!amount) return std::unexpected(amount.error());
  if (auto s = text::CheckTextLimit(request.message, kTipMessageLimit, "message", "message"); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = CheckIdempotencyKey(request.idempotency_key); !s) return std::unexpected(s.error());

  Target target;
  if (request.subject_kind == TipSubjectKind::kPost) {
    auto post = store_.posts().Get(request.subject_id);
    if (!post) return std::unexpected(post.error());
    if (post->status != PostStatus::kLive) {
      return Fail(Errc::kGone, "the post is deleted", "post_id");
    }
    target = {post->id, post->author_id, post->author_handle};
  } else {
    if (!seams_.find_comment) return Fail(Errc::kNotFound, "comment not found", "comment_id");
    auto comment = seams_.find_comment(request.subject_id);
    if (!comment) return std::unexpected(comment.error());
    target = {comment->post_id, comment->author_id, comment->author_handle};
  }
  if (target.author_id == request.tipper_id) {
    return Fail(Errc::kForbidden, "you cannot tip your own post or comment");
  }

  NewTip tip;
  tip.subject_kind = request.subject_kind;
  tip.subject_id = request.subject_id;
  tip.post_id = target.post_id;
  tip.tipper_id = request.tipper_id;
  tip.author_id = target.author_id;
  tip.asset = asset->code;
  tip.amount = *amount;
  tip.fee = FeeOf(*amount, options_.fee_bps);
  tip.message = request.message;
  tip.idempotency_key = request.idempotency_key;
  // What a reused key is compared with: the subject and the parameters as parsed.
  tip.request = std::string(TipSubjectKindName(request.subject_kind)) + ":" +
                std::to_string(request.subject_id) + "|" + asset->code + "|" +
                std::to_string(*amount) + "|" + request.message;
  tip.welcome = WelcomeOf(*asset);
  tip.created_at = clock_.Now();
  if (seams_.author_notification) tip.notification = seams_.author_notification(tip);

  Result<TipOutcome> outcome = Fail(Errc::kUnavailable, "not tried");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    outcome = store_.ledger().PostTip(tip);
    if (outcome || outcome.error().code != Errc::kUnavailable) break;
  }
  if (!outcome) return outcome;
  if (!outcome->replayed) {
    outcome->tip.tipper_handle = request.tipper_handle;
    outcome->tip.author_handle = target.author_handle;
    if (on_tip_) on_tip_(*outcome);
    if (outcome->notification && seams_.notification_stored) {
      seams_.notification_stored(outcome->tip, *outcome->notification);
    }
  }
  return outcome;
}

Result<std::vector<WalletBalance>> Rewards::Wallet(std::int64_t user_id) {
  auto held = store_.ledger().Balances(user_id);
  if (!held) return std::unexpected(held.error());
  // A configured asset without an account: open the wallet (welcome grants) once.
  bool all_open = true;
  for (const TipAsset& asset : options_.assets) {
    bool open = false;
    for (const AssetAmount& b : *held) open = open || b.asset == asset.code;
    all_open = all_open && open;
  }
  if (!all_open) {
    std::vector<AssetAmount> grants;
    for (const TipAsset& asset : options_.assets) grants.push_back({asset.code, WelcomeOf(asset)});
    held = store_.ledger().OpenWallet(user_id, grants, clock_.Now());
    if (!held) return std::unexpected(held.error());
  }
  std::vector<WalletBalance> balances;
  for (const TipAsset& asset : options_.assets) {
    WalletBalance balance{&asset, 0};
    for (const AssetAmount& b : *held) {
      if (b.asset == asset.code) balance.amount = b.amount;
    }
    balances.push_back(balance);
  }
  return balances;
}

Result<std::vector<WalletEntry>> Rewards::History(std::int64_t user_id,
                                                  std::optional<std::int64_t> before_tx,
                                                  int limit) {
  return store_.ledger().History(user_id, before_tx, limit);
}

Result<std::vector<plaza::Tip>> Rewards::TipsOn(TipSubjectKind kind, std::int64_t subject_id,
                                                int limit) {
  return store_.ledger().TipsOf(kind, subject_id, limit);
}

Result<PostedTx> Rewards::Grant(LedgerTxKind kind, std::string_view handle,
                                std::string_view asset_code, std::string_view amount_text,
                                std::string_view reason) {
  const TipAsset* asset = FindAsset(asset_code);
  if (asset == nullptr) {
    return Fail(Errc::kInvalidArgument, "unknown asset '" + std::string(asset_code) + "'",
                "--asset");
  }
  auto amount = ParseAmount(
      amount_text, asset->decimals,
      kind == LedgerTxKind::kAdjust ? AmountSign::kNonZero : AmountSign::kPositive, "--amount");
  if (!amount) return std::unexpected(amount.error());
  if (reason.empty()) return Fail(Errc::kInvalidArgument, "--reason is required", "--reason");
  auto user = store_.users().FindByHandle(handle);
  if (!user) return Fail(Errc::kNotFound, "no user @" + std::string(handle), "--user");
  LedgerPosting posting;
  posting.kind = kind;
  posting.asset = asset->code;
  posting.legs = {{{AccountKind::kSystem, 0}, -*amount}, {{AccountKind::kUser, user->id}, *amount}};
  posting.memo = std::string(reason);
  posting.welcome = WelcomeOf(*asset);
  posting.created_at = clock_.Now();
  return store_.ledger().Post(posting);
}

Result<std::optional<std::string>> Rewards::Verify() { return store_.ledger().Verify(); }

Result<std::int64_t> Rewards::PurgeKeys() {
  const Timestamp before =
      clock_.Now() - static_cast<Timestamp>(options_.idempotency_hours) * 3'600 * kMicrosPerSecond;
  return store_.ledger().PurgeIdempotencyKeys(before);
}

}  // namespace plaza::rewards
