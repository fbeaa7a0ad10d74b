#include "storage/postgres/ledger_store.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "storage/ledger_rows.hpp"

namespace plaza::pg {

namespace {

// The id of an account, opened when missing (`*opened` tells).
Result<std::int64_t> AccountId(PgConnection& conn, const AccountRef& ref, const std::string& asset,
                               bool* opened) {
  auto inserted = conn.Exec(Query("ledger_store/open_account"),
                            {AccountKindName(ref.kind), ref.user_id, asset});
  if (!inserted) return std::unexpected(inserted.error());
  *opened = inserted->Rows() == 1;
  if (*opened) return inserted->Int(0, 0);
  auto rows =
      conn.Exec(Query("ledger_store/account_id"), {AccountKindName(ref.kind), ref.user_id, asset});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return Fail(Errc::kInternal, "storage failure: an account is missing");
  return rows->Int(0, 0);
}

// Moves an account's balance by `delta` within its kind's bounds; the new balance.
Result<std::int64_t> Apply(PgConnection& conn, std::int64_t account_id, AccountKind kind,
                           std::int64_t delta) {
  const storage::BalanceRange range = storage::RangeFor(kind, delta);
  auto rows = conn.Exec(Query("ledger_store/apply"), {delta, account_id, range.low, range.high});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return std::unexpected(storage::RefusedEntry(kind, delta));
  return rows->Int(0, 0);
}

Result<std::int64_t> InsertTx(PgConnection& conn, const LedgerPosting& posting) {
  auto rows = conn.Exec(
      Query("ledger_store/insert_tx"),
      {LedgerTxKindName(posting.kind), posting.actor_id, posting.memo, posting.created_at});
  if (!rows) return std::unexpected(rows.error());
  return rows->Int(0, 0);
}

Result<std::int64_t> UserBalance(PgConnection& conn, std::int64_t user_id,
                                 const std::string& asset) {
  auto rows = conn.Exec(Query("ledger_store/balance"), {user_id, asset});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0 ? rows->Int(0, 0) : 0;
}

// Posts `posting` as transaction `tx_id` (0: a new one). A user account it opens first gets
// the posting's welcome grant, in a transaction of its own.
Result<PostedTx> PostIn(PgConnection& conn, const LedgerPosting& posting, std::int64_t tx_id = 0) {
  if (auto s = storage::CheckPosting(posting); !s) return std::unexpected(s.error());
  struct Resolved {
    LedgerLeg leg;
    std::int64_t account_id;
  };
  std::vector<Resolved> legs;
  for (const LedgerLeg& leg : posting.legs) {
    bool opened = false;
    auto id = AccountId(conn, leg.account, posting.asset, &opened);
    if (!id) return std::unexpected(id.error());
    if (opened && leg.account.kind == AccountKind::kUser && posting.welcome > 0) {
      LedgerPosting welcome;
      welcome.kind = LedgerTxKind::kWelcome;
      welcome.asset = posting.asset;
      welcome.legs = {{{AccountKind::kSystem, 0}, -posting.welcome},
                      {leg.account, posting.welcome}};
      welcome.created_at = posting.created_at;
      if (auto w = PostIn(conn, welcome); !w) return std::unexpected(w.error());
    }
    legs.push_back({leg, *id});
  }
  if (tx_id == 0) {
    auto id = InsertTx(conn, posting);
    if (!id) return std::unexpected(id.error());
    tx_id = *id;
  }
  // Row locks in account id order: two transfers between the same accounts in opposite
  // directions wait for each other instead of deadlocking.
  std::sort(legs.begin(), legs.end(),
            [](const Resolved& a, const Resolved& b) { return a.account_id < b.account_id; });
  PostedTx posted{tx_id, {}};
  for (const Resolved& r : legs) {
    auto balance = Apply(conn, r.account_id, r.leg.account.kind, r.leg.amount);
    if (!balance) return std::unexpected(balance.error());
    if (r.leg.account.kind == AccountKind::kUser) {
      posted.user_balances.emplace_back(r.leg.account.user_id, *balance);
    }
    auto entry = conn.Exec(Query("ledger_store/insert_entry"),
                           {tx_id, r.account_id, posting.asset, r.leg.amount});
    if (!entry) return std::unexpected(entry.error());
  }
  return posted;
}

Result<std::int64_t> SubjectTips(PgConnection& conn, TipSubjectKind kind, std::int64_t id) {
  auto rows = conn.Exec(Query("ledger_store/subject_tips"), {TipSubjectKindName(kind), id});
  if (!rows) return std::unexpected(rows.error());
  return rows->Int(0, 0);
}

// The outcome of the tip made as transaction `tx_id`, read back (a replayed key).
Result<TipOutcome> Replay(PgConnection& conn, std::int64_t tx_id) {
  TipOutcome outcome;
  outcome.replayed = true;
  auto rows = conn.Exec(Query("ledger_store/tip_by_id"), {tx_id});
  if (!rows) return std::unexpected(rows.error());
  auto tip = ReadOne(*rows, storage::TipFromRow, "tip not found");
  if (!tip) return std::unexpected(tip.error());
  outcome.tip = std::move(*tip);
  auto count = SubjectTips(conn, outcome.tip.subject_kind, outcome.tip.subject_id);
  if (!count) return std::unexpected(count.error());
  outcome.subject_tips = *count;
  auto tipper = UserBalance(conn, outcome.tip.tipper_id, outcome.tip.asset);
  if (!tipper) return std::unexpected(tipper.error());
  auto author = UserBalance(conn, outcome.tip.author_id, outcome.tip.asset);
  if (!author) return std::unexpected(author.error());
  outcome.tipper_balance = *tipper;
  outcome.author_balance = *author;
  return outcome;
}

// The first use of the key, when there was one: replayed or kConflict.
Result<std::optional<TipOutcome>> PriorUse(PgConnection& conn, const NewTip& tip) {
  auto rows = conn.Exec(Query("ledger_store/key_of"), {tip.tipper_id, tip.idempotency_key});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return std::optional<TipOutcome>();
  if (rows->Text(0, 0) != tip.request) return std::unexpected(storage::ReusedKey());
  auto replay = Replay(conn, rows->Int(0, 1));
  if (!replay) return std::unexpected(replay.error());
  return std::optional<TipOutcome>(std::move(*replay));
}

}  // namespace

Result<std::vector<AssetAmount>> PgLedgerStore::OpenWallet(std::int64_t user_id,
                                                           std::span<const AssetAmount> assets,
                                                           Timestamp now) {
  auto opened = pool_.InTransaction([&](PgConnection& conn) -> Status {
    for (const AssetAmount& asset : assets) {
      bool is_new = false;
      auto id = AccountId(conn, {AccountKind::kUser, user_id}, asset.asset, &is_new);
      if (!id) return std::unexpected(id.error());
      if (!is_new || asset.amount <= 0) continue;
      LedgerPosting welcome;
      welcome.kind = LedgerTxKind::kWelcome;
      welcome.asset = asset.asset;
      welcome.legs = {{{AccountKind::kSystem, 0}, -asset.amount},
                      {{AccountKind::kUser, user_id}, asset.amount}};
      welcome.created_at = now;
      if (auto w = PostIn(conn, welcome); !w) return std::unexpected(w.error());
    }
    return {};
  });
  if (!opened) return std::unexpected(opened.error());
  return Balances(user_id);
}

Result<std::vector<AssetAmount>> PgLedgerStore::Balances(std::int64_t user_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<AssetAmount>> {
    auto rows = conn.Exec(Query("ledger_store/balances"), {user_id});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::BalanceFromRow);
  });
}

Result<PostedTx> PgLedgerStore::Post(const LedgerPosting& posting) {
  if (auto s = storage::CheckPosting(posting); !s) return std::unexpected(s.error());
  return pool_.InTransaction([&](PgConnection& conn) { return PostIn(conn, posting); });
}

Result<TipOutcome> PgLedgerStore::PostTip(const NewTip& tip) {
  if (auto s = storage::CheckTip(tip); !s) return std::unexpected(s.error());
  const bool keyed = !tip.idempotency_key.empty();
  bool key_taken = false;  // a concurrent transaction committed the key first
  auto made = pool_.InTransaction([&](PgConnection& conn) -> Result<TipOutcome> {
    if (keyed) {
      auto prior = PriorUse(conn, tip);
      if (!prior) return std::unexpected(prior.error());
      if (*prior) return std::move(**prior);
    }
    LedgerPosting posting = storage::TipPosting(tip);
    auto tx_id = InsertTx(conn, posting);
    if (!tx_id) return std::unexpected(tx_id.error());
    if (keyed) {
      // Taken first, so that concurrent requests with the key wait here for this one to end.
      auto key = conn.Exec(Query("ledger_store/insert_key"), {tip.tipper_id, tip.idempotency_key,
                                                              tip.request, *tx_id, tip.created_at});
      if (!key) return std::unexpected(key.error());
      if (key->Rows() == 0) {
        key_taken = true;
        return Fail(Errc::kUnavailable, "idempotency key taken concurrently");
      }
    }
    TipOutcome outcome;
    if (tip.subject_kind == TipSubjectKind::kPost) {
      auto rows = conn.Exec(Query("ledger_store/count_post_tip"), {tip.subject_id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() == 0) {
        auto state = conn.Exec(Query("ledger_store/post_status"), {tip.subject_id});
        if (!state) return std::unexpected(state.error());
        return std::unexpected(storage::TipTargetError(state->Rows() > 0));
      }
      if (rows->Int(0, 1) != tip.author_id) {
        return Fail(Errc::kInvalidArgument, "author_id is not the post's author", "author_id");
      }
      outcome.subject_tips = rows->Int(0, 0);
    }
    auto posted = PostIn(conn, posting, *tx_id);
    if (!posted) return std::unexpected(posted.error());
    auto inserted = conn.Exec(Query("ledger_store/insert_tip"),
                              {posted->id, TipSubjectKindName(tip.subject_kind), tip.subject_id,
                               tip.post_id, tip.tipper_id, tip.author_id, tip.asset, tip.amount,
                               tip.fee, tip.message, tip.created_at});
    if (!inserted) return std::unexpected(inserted.error());
    if (tip.subject_kind == TipSubjectKind::kComment) {
      auto count = SubjectTips(conn, tip.subject_kind, tip.subject_id);
      if (!count) return std::unexpected(count.error());
      outcome.subject_tips = *count;
    }
    outcome.tip = storage::TipOf(tip, posted->id);
    auto author = UserBalance(conn, tip.author_id, tip.asset);
    if (!author) return std::unexpected(author.error());
    outcome.author_balance = *author;
    outcome.tipper_balance = storage::BalanceOf(*posted, tip.tipper_id);
    return outcome;
  });
  if (made || !key_taken) return made;
  // The transaction that took the key has committed: answer as it did.
  return pool_.WithConnection([&](PgConnection& conn) -> Result<TipOutcome> {
    auto prior = PriorUse(conn, tip);
    if (!prior) return std::unexpected(prior.error());
    if (!*prior) return Fail(Errc::kUnavailable, "idempotency key in flux; retry");
    return std::move(**prior);
  });
}

Result<std::vector<Tip>> PgLedgerStore::TipsOf(TipSubjectKind kind, std::int64_t subject_id,
                                               int limit) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Tip>> {
    auto rows =
        conn.Exec(Query("ledger_store/tips_of"), {TipSubjectKindName(kind), subject_id, limit});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::TipFromRow);
  });
}

Result<std::vector<WalletEntry>> PgLedgerStore::History(std::int64_t user_id,
                                                        std::optional<std::int64_t> before_tx,
                                                        int limit) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<WalletEntry>> {
    auto rows =
        conn.Exec(Query("ledger_store/history"),
                  {user_id, before_tx.value_or(std::numeric_limits<std::int64_t>::max()), limit});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::WalletEntryFromRow);
  });
}

Result<std::optional<std::string>> PgLedgerStore::Verify() {
  // One repeatable-read snapshot: every check sees the same committed state while tips go on.
  return pool_.InTransaction([&](PgConnection& conn) -> Result<std::optional<std::string>> {
    if (auto s = conn.ExecScript(Query("post_store/repeatable_read")); !s) {
      return std::unexpected(s.error());
    }
    for (storage::LedgerCheck check : storage::kLedgerChecks) {
      auto rows = conn.Exec(Query(storage::LedgerCheckQuery(check)));
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() > 0) {
        return std::optional<std::string>(storage::DescribeMismatch(check, PgRow(*rows, 0)));
      }
    }
    return std::optional<std::string>();
  });
}

Result<std::int64_t> PgLedgerStore::PurgeIdempotencyKeys(Timestamp before) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows = conn.Exec(Query("ledger_store/purge_keys"), {before});
    if (!rows) return std::unexpected(rows.error());
    return rows->Affected();
  });
}

}  // namespace plaza::pg
