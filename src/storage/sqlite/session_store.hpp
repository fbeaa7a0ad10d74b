#pragma once

#include <cstdint>
#include <string_view>

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
  Result<std::int64_t> DeleteExpired(Timestamp now) override;

 private:
  Database& db_;
};

}  // namespace plaza::sqlite
