#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "storage/ledger_store.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace plaza::pg {

/// LedgerStore on PostgreSQL; queries in sql/ledger_store/. Every write is one transaction;
/// balances are checked and moved by one conditional UPDATE whose row lock makes concurrent
/// transfers on an account wait and re-check, and accounts are updated in id order.
class PgLedgerStore final : public LedgerStore {
 public:
  explicit PgLedgerStore(PgPool& pool) : pool_(pool) {}

  Result<std::vector<AssetAmount>> OpenWallet(std::int64_t user_id,
                                              std::span<const AssetAmount> assets,
                                              Timestamp now) override;
  Result<std::vector<AssetAmount>> Balances(std::int64_t user_id) override;
  Result<PostedTx> Post(const LedgerPosting& posting) override;
  Result<TipOutcome> PostTip(const NewTip& tip) override;
  Result<std::vector<Tip>> TipsOf(TipSubjectKind kind, std::int64_t subject_id, int limit) override;
  Result<std::vector<WalletEntry>> History(std::int64_t user_id,
                                           std::optional<std::int64_t> before_tx,
                                           int limit) override;
  Result<std::optional<std::string>> Verify() override;
  Result<std::int64_t> PurgeIdempotencyKeys(Timestamp before) override;

 private:
  PgPool& pool_;
};

}  // namespace plaza::pg
