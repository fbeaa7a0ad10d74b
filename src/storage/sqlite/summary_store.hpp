#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "storage/sqlite/database.hpp"
#include "storage/summary_store.hpp"

namespace plaza::sqlite {

/// SummaryStore on SQLite; queries in sql/summary_store/.
class SqliteSummaryStore final : public SummaryStore {
 public:
  explicit SqliteSummaryStore(Database& db) : db_(db) {}

  Status Put(const Summary& summary, const std::optional<JobTicket>& completes) override;
  Result<std::vector<Summary>> ForPost(std::int64_t post_id) override;

 private:
  Database& db_;
};

}  // namespace plaza::sqlite
