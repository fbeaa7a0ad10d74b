#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "storage/ledger_store.hpp"
#include "storage/sqlite/database.hpp"

namespace plaza::sqlite {

/// LedgerStore on SQLite; queries in sql/ledger_store/. Every write is one Write() of the
/// group-commit writer, so a transfer is atomic and balances are checked and moved by the one
/// writer connection.
class SqliteLedgerStore final : public LedgerStore {
 public:
  explicit SqliteLedgerStore(Database& db) : db_(db) {}

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
  Database& db_;
};

}  // namespace plaza::sqlite
