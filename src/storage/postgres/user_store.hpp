#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_connection.hpp"
#include "storage/user_store.hpp"

namespace plaza::pg {

/// UserStore on PostgreSQL; queries in sql/user_store/.
class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(PgPool& pool) : pool_(pool) {}

  Result<User> Create(const NewUser& user) override;
  Result<User> FindById(std::int64_t id) override;
  Result<User> FindByHandle(std::string_view handle) override;
  Status UpdateProfile(std::int64_t id, std::string_view display_name,
                       std::string_view bio) override;
  Status UpdateLocale(std::int64_t id, std::string_view locale) override;
  Result<std::int64_t> ChangePassword(std::int64_t id, std::string_view password_hash,
                                      std::string_view keep_token_hash) override;

 private:
  PgPool& pool_;
};

}  // namespace plaza::pg
