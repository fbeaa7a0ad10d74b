#include "storage/sqlite/ledger_store.hpp"

#include <limits>
#include <string>
#include <utility>

#include "storage/ledger_posting.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/sqlite/conversation_stores.hpp"

namespace plaza::sqlite {

namespace {

// The statements of a posting on the writer connection.
class Steps final : public storage::LedgerSteps {
 public:
  explicit Steps(Connection& conn) : conn_(conn) {}

  Result<std::int64_t> AccountId(const AccountRef& ref, const std::string& asset,
                                 bool* opened) override {
    {
      auto stmt = conn_.Prepare(Query("ledger_store/open_account"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(AccountKindName(ref.kind)).Bind(ref.user_id).Bind(asset);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
      *opened = conn_.Changes() == 1;
    }
    auto stmt = conn_.Prepare(Query("ledger_store/account_id"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(AccountKindName(ref.kind)).Bind(ref.user_id).Bind(asset);
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(Errc::kInternal, "storage failure: an opened account is missing");
    return stmt->Int(0);
  }

  Result<std::int64_t> InsertTx(const LedgerPosting& posting) override {
    auto stmt = conn_.Prepare(Query("ledger_store/insert_tx"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(LedgerTxKindName(posting.kind))
        .Bind(posting.actor_id)
        .Bind(posting.memo)
        .Bind(posting.created_at);
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(Errc::kInternal, "storage failure: no transaction id");
    return stmt->Int(0);
  }

  Result<std::int64_t> ApplyEntry(std::int64_t tx_id, std::int64_t account_id, AccountKind kind,
                                  const std::string& asset, std::int64_t amount) override {
    std::int64_t balance = 0;
    {
      const storage::BalanceRange range = storage::RangeFor(kind, amount);
      auto stmt = conn_.Prepare(Query("ledger_store/apply"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(amount).Bind(account_id).Bind(range.low).Bind(range.high);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return std::unexpected(storage::RefusedEntry(kind, amount));
      balance = stmt->Int(0);
    }
    auto stmt = conn_.Prepare(Query("ledger_store/insert_entry"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(tx_id).Bind(account_id).Bind(asset).Bind(amount);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return balance;
  }

 private:
  Connection& conn_;
};

Result<std::int64_t> UserBalance(Connection& conn, std::int64_t user_id, const std::string& asset) {
  auto stmt = conn.Prepare(Query("ledger_store/balance"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(user_id).Bind(asset);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->Int(0) : 0;
}

Result<std::int64_t> SubjectTips(Connection& conn, TipSubjectKind kind, std::int64_t id) {
  auto stmt = conn.Prepare(Query("ledger_store/subject_tips"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(TipSubjectKindName(kind)).Bind(id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->Int(0) : 0;
}

// The outcome of the tip made as transaction `tx_id`, read back (a replayed key).
Result<TipOutcome> Replay(Connection& conn, std::int64_t tx_id) {
  TipOutcome outcome;
  outcome.replayed = true;
  {
    auto stmt = conn.Prepare(Query("ledger_store/tip_by_id"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(tx_id);
    auto tip = ReadOne(*stmt, storage::TipFromRow, "tip not found");
    if (!tip) return std::unexpected(tip.error());
    outcome.tip = std::move(*tip);
  }
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

}  // namespace

Result<std::vector<AssetAmount>> SqliteLedgerStore::OpenWallet(std::int64_t user_id,
                                                               std::span<const AssetAmount> assets,
                                                               Timestamp now) {
  auto opened = db_.Write([&](Connection& conn) -> Status {
    Steps steps(conn);
    return storage::OpenWalletIn(steps, user_id, assets, now);
  });
  if (!opened) return std::unexpected(opened.error());
  return Balances(user_id);
}

Result<std::vector<AssetAmount>> SqliteLedgerStore::Balances(std::int64_t user_id) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<AssetAmount>> {
    auto stmt = conn.Prepare(Query("ledger_store/balances"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id);
    return ReadRows(*stmt, storage::BalanceFromRow);
  });
}

Result<PostedTx> SqliteLedgerStore::Post(const LedgerPosting& posting) {
  if (auto s = storage::CheckPosting(posting); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) {
    Steps steps(conn);
    return storage::PostIn(steps, posting);
  });
}

Result<TipOutcome> SqliteLedgerStore::PostTip(const NewTip& tip) {
  if (auto s = storage::CheckTip(tip); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<TipOutcome> {
    // One writer runs writes one at a time: a key seen here is the whole story.
    if (!tip.idempotency_key.empty()) {
      auto stmt = conn.Prepare(Query("ledger_store/key_of"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(tip.tipper_id).Bind(tip.idempotency_key);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (*row) {
        if (stmt->Text(0) != tip.request) return std::unexpected(storage::ReusedKey());
        const std::int64_t tx_id = stmt->Int(1);
        return Replay(conn, tx_id);
      }
    }
    TipOutcome outcome;
    if (tip.subject_kind == TipSubjectKind::kPost) {
      auto stmt = conn.Prepare(Query("ledger_store/count_post_tip"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(tip.subject_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) {
        auto state = conn.Prepare(Query("ledger_store/post_status"));
        if (!state) return std::unexpected(state.error());
        state->Bind(tip.subject_id);
        auto found = state->Step();
        if (!found) return std::unexpected(found.error());
        return std::unexpected(storage::TipTargetError(*found));
      }
      if (stmt->Int(1) != tip.author_id) {
        return Fail(Errc::kInvalidArgument, "author_id is not the post's author", "author_id");
      }
      outcome.subject_tips = stmt->Int(0);
    }
    Steps steps(conn);
    auto posted = storage::PostIn(steps, storage::TipPosting(tip));
    if (!posted) return std::unexpected(posted.error());
    {
      auto stmt = conn.Prepare(Query("ledger_store/insert_tip"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(posted->id)
          .Bind(TipSubjectKindName(tip.subject_kind))
          .Bind(tip.subject_id)
          .Bind(tip.post_id)
          .Bind(tip.tipper_id)
          .Bind(tip.author_id)
          .Bind(tip.asset)
          .Bind(tip.amount)
          .Bind(tip.fee)
          .Bind(tip.message)
          .Bind(tip.created_at);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    }
    if (!tip.idempotency_key.empty()) {
      auto stmt = conn.Prepare(Query("ledger_store/insert_key"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(tip.tipper_id)
          .Bind(tip.idempotency_key)
          .Bind(tip.request)
          .Bind(posted->id)
          .Bind(tip.created_at);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    }
    if (tip.notification) {
      auto notified = AddNotification(conn, *tip.notification);
      if (!notified) return std::unexpected(notified.error());
      outcome.notification = std::move(*notified);
    }
    if (tip.subject_kind == TipSubjectKind::kComment) {
      auto stmt = conn.Prepare(Query("ledger_store/count_comment_tip"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(tip.subject_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return std::unexpected(storage::CommentGone());
      outcome.subject_tips = stmt->Int(0);
    }
    outcome.tip = storage::TipOf(tip, posted->id);
    auto author = UserBalance(conn, tip.author_id, tip.asset);
    if (!author) return std::unexpected(author.error());
    outcome.author_balance = *author;
    outcome.tipper_balance = storage::BalanceOf(*posted, tip.tipper_id);
    return outcome;
  });
}

Result<std::vector<Tip>> SqliteLedgerStore::TipsOf(TipSubjectKind kind, std::int64_t subject_id,
                                                   int limit) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<Tip>> {
    auto stmt = conn.Prepare(Query("ledger_store/tips_of"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(TipSubjectKindName(kind)).Bind(subject_id).Bind(static_cast<std::int64_t>(limit));
    return ReadRows(*stmt, storage::TipFromRow);
  });
}

Result<std::vector<WalletEntry>> SqliteLedgerStore::History(std::int64_t user_id,
                                                            std::optional<std::int64_t> before_tx,
                                                            int limit) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<WalletEntry>> {
    auto stmt = conn.Prepare(Query("ledger_store/history"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id)
        .Bind(before_tx.value_or(std::numeric_limits<std::int64_t>::max()))
        .Bind(static_cast<std::int64_t>(limit));
    return ReadRows(*stmt, storage::WalletEntryFromRow);
  });
}

Result<std::optional<std::string>> SqliteLedgerStore::Verify() {
  // One read transaction: every check sees the same snapshot while the writer carries on.
  return db_.Read([&](Connection& conn) -> Result<std::optional<std::string>> {
    for (storage::LedgerCheck check : storage::kLedgerChecks) {
      auto stmt = conn.Prepare(Query(storage::LedgerCheckQuery(check)));
      if (!stmt) return std::unexpected(stmt.error());
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (*row) return std::optional<std::string>(storage::DescribeMismatch(check, *stmt));
    }
    return std::optional<std::string>();
  });
}

Result<std::int64_t> SqliteLedgerStore::PurgeIdempotencyKeys(Timestamp before) {
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("ledger_store/purge_keys"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(before);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

}  // namespace plaza::sqlite
