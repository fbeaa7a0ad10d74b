#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_connection.hpp"
#include "storage/summary_store.hpp"

namespace plaza::pg {

/// SummaryStore on PostgreSQL; queries in sql/summary_store/.
class PgSummaryStore final : public SummaryStore {
 public:
  explicit PgSummaryStore(PgPool& pool) : pool_(pool) {}

  Status Put(const Summary& summary, const std::optional<JobTicket>& completes) override;
  Result<std::vector<Summary>> ForPost(std::int64_t post_id) override;

 private:
  PgPool& pool_;
};

}  // namespace plaza::pg
