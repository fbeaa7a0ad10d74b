#include "storage/postgres/ledger_store.hpp"

#include <limits>
#include <string>
#include <utility>

#include "storage/ledger_posting.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/postgres/conversation_stores.hpp"

namespace plaza::pg {

namespace {

// The statements of a posting on the transaction's connection.
class Steps final : public storage::LedgerSteps {
 public:
  explicit Steps(PgConnection& conn) : conn_(conn) {}

  Result<std::int64_t> AccountId(const AccountRef& ref, const std::string& asset,
                                 bool* opened) override {
    auto inserted = conn_.Exec(Query("ledger_store/open_account"),
                               {AccountKindName(ref.kind), ref.user_id, asset});
    if (!inserted) return std::unexpected(inserted.error());
    *opened = inserted->Rows() == 1;
    if (*opened) return inserted->Int(0, 0);
    auto rows = conn_.Exec(Query("ledger_store/account_id"),
                           {AccountKindName(ref.kind), ref.user_id, asset});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() == 0) return Fail(Errc::kInternal, "storage failure: an account is missing");
    return rows->Int(0, 0);
  }

  Result<std::int64_t> InsertTx(const LedgerPosting& posting) override {
    auto rows = conn_.Exec(
        Query("ledger_store/insert_tx"),
        {LedgerTxKindName(posting.kind), posting.actor_id, posting.memo, posting.created_at});
    if (!rows) return std::unexpected(rows.error());
    return rows->Int(0, 0);
  }

  Result<std::int64_t> ApplyEntry(std::int64_t tx_id, std::int64_t account_id, AccountKind kind,
                                  const std::string& asset, std::int64_t amount) override {
    const storage::BalanceRange range = storage::RangeFor(kind, amount);
    auto rows =
        conn_.Exec(Query("ledger_store/apply"), {amount, account_id, range.low, range.high});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() == 0) return std::unexpected(storage::RefusedEntry(kind, amount));
    auto entry = conn_.Exec(Query("ledger_store/insert_entry"), {tx_id, account_id, asset, amount});
    if (!entry) return std::unexpected(entry.error());
    return rows->Int(0, 0);
  }

 private:
  PgConnection& conn_;
};

Result<std::int64_t> UserBalance(PgConnection& conn, std::int64_t user_id,
                                 const std::string& asset) {
  auto rows = conn.Exec(Query("ledger_store/balance"), {user_id, asset});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0 ? rows->Int(0, 0) : 0;
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
    Steps steps(conn);
    return storage::OpenWalletIn(steps, user_id, assets, now);
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
  return pool_.InTransaction([&](PgConnection& conn) {
    Steps steps(conn);
    return storage::PostIn(steps, posting);
  });
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
    Steps steps(conn);
    LedgerPosting posting = storage::TipPosting(tip);
    auto tx_id = steps.InsertTx(posting);
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
    auto posted = storage::PostIn(steps, posting, *tx_id);
    if (!posted) return std::unexpected(posted.error());
    auto inserted = conn.Exec(Query("ledger_store/insert_tip"),
                              {posted->id, TipSubjectKindName(tip.subject_kind), tip.subject_id,
                               tip.post_id, tip.tipper_id, tip.author_id, tip.asset, tip.amount,
                               tip.fee, tip.message, tip.created_at});
    if (!inserted) return std::unexpected(inserted.error());
    if (tip.notification) {
      auto notified = AddNotification(conn, *tip.notification);
      if (!notified) return std::unexpected(notified.error());
      outcome.notification = std::move(*notified);
    }
    if (tip.subject_kind == TipSubjectKind::kComment) {
      auto rows = conn.Exec(Query("ledger_store/count_comment_tip"), {tip.subject_id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() == 0) return std::unexpected(storage::CommentGone());
      outcome.subject_tips = rows->Int(0, 0);
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
