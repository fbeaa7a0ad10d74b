#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "storage/session_store.hpp"
#include "storage/sqlite/database.hpp"

namespace plaza::sqlite {

/// SessionStore on SQLite; queries in sql/session_store/.
class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& db) : db_(db) {}

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
  Database& db_;
};

}  // namespace plaza::sqlite
