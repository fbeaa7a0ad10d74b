#include "storage/ledger_rows.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

#include "storage/encoding.hpp"

namespace plaza {

const char* AccountKindName(AccountKind kind) {
  switch (kind) {
    case AccountKind::kUser:
      return "user";
    case AccountKind::kSystem:
      return "system";
    case AccountKind::kFee:
      return "fee";
  }
  return "user";
}

const char* LedgerTxKindName(LedgerTxKind kind) {
  switch (kind) {
    case LedgerTxKind::kTip:
      return "tip";
    case LedgerTxKind::kGrant:
      return "grant";
    case LedgerTxKind::kAdjust:
      return "adjust";
    case LedgerTxKind::kWelcome:
      return "welcome";
  }
  return "tip";
}

const char* TipSubjectKindName(TipSubjectKind kind) {
  return kind == TipSubjectKind::kPost ? "post" : "comment";
}

std::optional<TipSubjectKind> ParseTipSubjectKind(std::string_view name) {
  if (name == "post") return TipSubjectKind::kPost;
  if (name == "comment") return TipSubjectKind::kComment;
  return std::nullopt;
}

namespace {

std::optional<LedgerTxKind> ParseTxKind(std::string_view name) {
  for (auto kind :
       {LedgerTxKind::kTip, LedgerTxKind::kGrant, LedgerTxKind::kAdjust, LedgerTxKind::kWelcome}) {
    if (name == LedgerTxKindName(kind)) return kind;
  }
  return std::nullopt;
}

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

bool SameAccount(const AccountRef& a, const AccountRef& b) {
  return a.kind == b.kind && a.user_id == b.user_id;
}

Status CheckAsset(const std::string& asset) {
  if (asset.empty() || !storage::IsStorableText(asset)) {
    return Fail(Errc::kInvalidArgument, "asset is missing", "asset");
  }
  return {};
}

}  // namespace

namespace storage {

Status CheckPosting(const LedgerPosting& posting) {
  if (auto s = CheckAsset(posting.asset); !s) return s;
  if (!IsStorableText(posting.memo)) {
    return Fail(Errc::kInvalidArgument, "memo must be valid UTF-8 without NUL", "memo");
  }
  if (posting.legs.size() < 2) {
    return Fail(Errc::kInvalidArgument, "a transaction needs two entries or more", "legs");
  }
  if (posting.welcome < 0) return Fail(Errc::kInvalidArgument, "negative welcome", "welcome");
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < posting.legs.size(); ++i) {
    const LedgerLeg& leg = posting.legs[i];
    if (leg.amount == 0 || leg.amount == kMin) {
      return Fail(Errc::kInvalidArgument, "an entry moves nothing or too much", "amount");
    }
    if ((leg.account.kind == AccountKind::kUser) != (leg.account.user_id != 0)) {
      return Fail(Errc::kInvalidArgument, "a user account needs its user, no other does",
                  "account");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (SameAccount(posting.legs[j].account, leg.account)) {
        return Fail(Errc::kInvalidArgument, "two entries on one account", "account");
      }
    }
    if (__builtin_add_overflow(sum, leg.amount, &sum)) {
      return Fail(Errc::kInvalidArgument, "the entries overflow", "amount");
    }
  }
  if (sum != 0) return Fail(Errc::kInvalidArgument, "the entries do not sum to zero", "amount");
  return {};
}

Status CheckTip(const NewTip& tip) {
  if (auto s = CheckAsset(tip.asset); !s) return s;
  if (tip.amount <= 0) return Fail(Errc::kInvalidArgument, "amount must be positive", "amount");
  if (tip.fee < 0 || tip.fee > tip.amount) {
    return Fail(Errc::kInvalidArgument, "fee out of range", "fee");
  }
  if (tip.tipper_id == tip.author_id || tip.tipper_id <= 0 || tip.author_id <= 0) {
    return Fail(Errc::kInvalidArgument, "a tip goes from one user to another", "author_id");
  }
  for (const std::string* text : {&tip.message, &tip.idempotency_key, &tip.request}) {
    if (!IsStorableText(*text)) {
      return Fail(Errc::kInvalidArgument, "text must be valid UTF-8 without NUL", "message");
    }
  }
  return {};
}

BalanceRange RangeFor(AccountKind kind, std::int64_t delta) {
  const std::int64_t floor = kind == AccountKind::kSystem ? kMin + 1 : 0;
  BalanceRange range;
  // balance + delta >= floor  <=>  balance >= floor - delta
  if (__builtin_sub_overflow(floor, delta, &range.low)) range.low = delta > 0 ? kMin : kMax;
  // balance + delta <= kMax  <=>  balance <= kMax - delta
  if (__builtin_sub_overflow(kMax, delta, &range.high)) range.high = kMax;
  return range;
}

Error RefusedEntry(AccountKind kind, std::int64_t delta) {
  if (delta < 0 && kind != AccountKind::kSystem) {
    return Error{Errc::kConflict, "the balance is too low for this amount", "amount", {}, {}};
  }
  return Error{Errc::kInvalidArgument, "the amount would overflow a balance", "amount", {}, {}};
}

LedgerPosting TipPosting(const NewTip& tip) {
  LedgerPosting posting;
  posting.kind = LedgerTxKind::kTip;
  posting.asset = tip.asset;
  posting.actor_id = tip.tipper_id;
  posting.welcome = tip.welcome;
  posting.created_at = tip.created_at;
  posting.legs.push_back({{AccountKind::kUser, tip.tipper_id}, -tip.amount});
  if (tip.amount - tip.fee > 0) {
    posting.legs.push_back({{AccountKind::kUser, tip.author_id}, tip.amount - tip.fee});
  }
  if (tip.fee > 0) posting.legs.push_back({{AccountKind::kFee, 0}, tip.fee});
  return posting;
}

Error ReusedKey() {
  return Error{Errc::kConflict,
               "this Idempotency-Key was used with other parameters; use a new key for a new tip",
               "Idempotency-Key",
               {},
               {}};
}

Error TipTargetError(bool exists) {
  if (exists) return Error{Errc::kGone, "the post is deleted", "post_id", {}, {}};
  return Error{Errc::kNotFound, "post not found", "post_id", {}, {}};
}

Error CommentGone() { return Error{Errc::kGone, "the comment was deleted", "comment_id", {}, {}}; }

Tip TipOf(const NewTip& tip, std::int64_t tx_id) {
  Tip out;
  out.id = tx_id;
  out.subject_kind = tip.subject_kind;
  out.subject_id = tip.subject_id;
  out.post_id = tip.post_id;
  out.tipper_id = tip.tipper_id;
  out.author_id = tip.author_id;
  out.asset = tip.asset;
  out.amount = tip.amount;
  out.fee = tip.fee;
  out.message = tip.message;
  out.created_at = tip.created_at;
  return out;
}

std::int64_t BalanceOf(const PostedTx& posted, std::int64_t user_id) {
  for (const auto& [id, balance] : posted.user_balances) {
    if (id == user_id) return balance;
  }
  return 0;
}

Result<Tip> TipFromRow(const Row& row) {
  Tip tip;
  tip.id = row.Int(0);
  auto kind = ParseTipSubjectKind(row.Text(1));
  if (!kind) return CorruptRow();
  tip.subject_kind = *kind;
  tip.subject_id = row.Int(2);
  tip.post_id = row.Int(3);
  tip.tipper_id = row.Int(4);
  tip.tipper_handle = row.Text(5);
  tip.author_id = row.Int(6);
  tip.author_handle = row.Text(7);
  tip.asset = row.Text(8);
  tip.amount = row.Int(9);
  tip.fee = row.Int(10);
  tip.message = row.Text(11);
  tip.created_at = row.Int(12);
  return tip;
}

Result<WalletEntry> WalletEntryFromRow(const Row& row) {
  WalletEntry entry;
  entry.tx_id = row.Int(0);
  auto kind = ParseTxKind(row.Text(1));
  if (!kind) return CorruptRow();
  entry.kind = *kind;
  entry.asset = row.Text(2);
  entry.amount = row.Int(3);
  entry.memo = row.Text(4);
  entry.post_id = row.Int(5);
  entry.created_at = row.Int(6);
  return entry;
}

Result<AssetAmount> BalanceFromRow(const Row& row) { return AssetAmount{row.Text(0), row.Int(1)}; }

const char* LedgerCheckQuery(LedgerCheck check) {
  switch (check) {
    case LedgerCheck::kUnbalanced:
      return "ledger_store/verify_unbalanced";
    case LedgerCheck::kTooFewEntries:
      return "ledger_store/verify_empty_tx";
    case LedgerCheck::kAssetMismatch:
      return "ledger_store/verify_asset";
    case LedgerCheck::kBalance:
      return "ledger_store/verify_balance";
    case LedgerCheck::kNegative:
      return "ledger_store/verify_negative";
    case LedgerCheck::kTip:
      return "ledger_store/verify_tips";
  }
  return "";
}

std::string DescribeMismatch(LedgerCheck check, const Row& row) {
  const auto account = [&row] {
    return "account " + row.Text(0) + " (" + row.Text(1) + " " + row.Text(2) + ", " + row.Text(3) +
           ")";
  };
  switch (check) {
    case LedgerCheck::kUnbalanced:
      return "transaction " + row.Text(0) + ": its " + row.Text(1) + " entries sum to " +
             row.Text(2) + ", not 0";
    case LedgerCheck::kTooFewEntries:
      return "transaction " + row.Text(0) + " has " + row.Text(1) + " entries (two or more needed)";
    case LedgerCheck::kAssetMismatch:
      return "transaction " + row.Text(0) + ": an entry in " + row.Text(2) + " on account " +
             row.Text(1) + ", which holds " + row.Text(3);
    case LedgerCheck::kBalance:
      return account() + ": balance " + row.Text(4) + " but its entries sum to " + row.Text(5);
    case LedgerCheck::kNegative:
      return account() + ": balance " + row.Text(4) + " is below zero";
    case LedgerCheck::kTip:
      return "tip " + row.Text(0) + ": its transaction does not take the amount from the tipper";
  }
  return "";
}

}  // namespace storage
}  // namespace plaza
