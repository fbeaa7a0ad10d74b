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
  Result<std::int64_t> DeleteExpired(const SessionCutoffs& cutoffs) override;
  Result<std::vector<SessionRecord>> ListForUser(std::int64_t user_id) override;
  Status Touch(std::string_view token_hash, Timestamp last_seen_at) override;
  Status DeleteById(std::int64_t user_id, std::string_view id) override;
  Result<std::int64_t> DeleteOthers(std::int64_t user_id,
                                    std::string_view keep_token_hash) override;

 private:
  PgPool& pool_;
};

}  // namespace plaza::pg
