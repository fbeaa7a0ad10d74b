#pragma once

#include <cstdint>
#include <string_view>

#include "storage/sqlite/database.hpp"
#include "storage/user_store.hpp"

namespace plaza::sqlite {

/// UserStore on SQLite; queries in sql/user_store/.
class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(Database& db) : db_(db) {}

  Result<User> Create(const NewUser& user) override;
  Result<User> FindById(std::int64_t id) override;
  Result<User> FindByHandle(std::string_view handle) override;
  Status UpdateProfile(std::int64_t id, std::string_view display_name,
                       std::string_view bio) override;
  Status UpdateLocale(std::int64_t id, std::string_view locale) override;
  Result<std::int64_t> ChangePassword(std::int64_t id, std::string_view password_hash,
                                      std::string_view keep_token_hash) override;

 private:
  Database& db_;
};

}  // namespace plaza::sqlite
