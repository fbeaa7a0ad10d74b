#include "storage/sqlite/user_store.hpp"

#include <sqlite3.h>

#include "storage/encoding.hpp"

namespace plaza::sqlite {

Result<User> SqliteUserStore::Create(const NewUser& user) {
  if (auto s = storage::CheckNewUser(user); !s) return std::unexpected(s.error());
  auto id = db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("user_store/insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user.handle)
        .Bind(user.display_name)
        .Bind(user.password_hash)
        .Bind(storage::RoleName(user.role))
        .Bind(user.created_at);
    if (auto s = stmt->Run(); !s) return std::unexpected(storage::NewUserError(s.error()));
    return sqlite3_last_insert_rowid(conn.handle());
  });
  if (!id) return std::unexpected(id.error());
  return storage::CreatedUser(*id, user);
}

Result<User> SqliteUserStore::FindById(std::int64_t id) {
  return db_.Read([&](Connection& conn) -> Result<User> {
    auto stmt = conn.Prepare(Query("user_store/by_id"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(id);
    return ReadOne(*stmt, storage::UserFromRow, "user not found");
  });
}

Result<User> SqliteUserStore::FindByHandle(std::string_view handle) {
  if (!storage::IsStorableText(handle)) return Fail(Errc::kNotFound, "user not found");
  return db_.Read([&](Connection& conn) -> Result<User> {
    auto stmt = conn.Prepare(Query("user_store/by_handle"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(handle);
    return ReadOne(*stmt, storage::UserFromRow, "user not found");
  });
}

Status SqliteUserStore::UpdateProfile(std::int64_t id, std::string_view display_name,
                                      std::string_view bio) {
  if (auto s = storage::CheckProfile(display_name, bio); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("user_store/update_profile"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(display_name).Bind(bio).Bind(id);
    if (auto s = stmt->Run(); !s) return s;
    if (conn.Changes() == 0) return Fail(Errc::kNotFound, "user not found");
    return {};
  });
}

}  // namespace plaza::sqlite
