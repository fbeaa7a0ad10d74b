#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_connection.hpp"
#include "storage/session_store.hpp"

namespace plaza::pg {

/// SessionStore on PostgreSQL; queries in sql/session_store/.
class PgSessionStore final : public SessionStore {
 public:
  explicit PgSessionStore(PgPool& pool) : pool_(pool) {}

  Status Create(const SessionRecord& session) override;
  Result<SessionRecord> Find(std::string_view token_hash) override;
  Status Delete(std::string_view token_hash) override;
  Result<std::int64_t> DeleteExpired(Timestamp now) override;

 private:
  PgPool& pool_;
};

}  // namespace plaza::pg
