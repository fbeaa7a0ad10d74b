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
    auto bump = conn.Prepare(Query("user_store/bump_conversations"));
    if (!bump) return std::unexpected(bump.error());
    bump->Bind(id);
    return bump->Run();
  });
}

Status SqliteUserStore::UpdateLocale(std::int64_t id, std::string_view locale) {
  if (!storage::IsStorableText(locale)) {
    return Fail(Errc::kInvalidArgument, "locale is not storable text", "locale");
  }
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("user_store/update_locale"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(locale).Bind(id);
    if (auto s = stmt->Run(); !s) return s;
    if (conn.Changes() == 0) return Fail(Errc::kNotFound, "user not found");
    return {};
  });
}

Result<std::int64_t> SqliteUserStore::ChangePassword(std::int64_t id,
                                                     std::string_view password_hash,
                                                     std::string_view keep_token_hash) {
  if (!storage::IsStorableText(password_hash)) {
    return Fail(Errc::kInvalidArgument, "password hash is not storable text", "password_hash");
  }
  if (!storage::IsStorableText(keep_token_hash)) keep_token_hash = {};
  // One write: the new hash and the end of the other sessions commit together.
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto update = conn.Prepare(Query("user_store/update_password"));
    if (!update) return std::unexpected(update.error());
    update->Bind(password_hash).Bind(id);
    if (auto s = update->Run(); !s) return std::unexpected(s.error());
    if (conn.Changes() == 0) return Fail(Errc::kNotFound, "user not found");
    auto revoke = conn.Prepare(Query("session_store/delete_others"));
    if (!revoke) return std::unexpected(revoke.error());
    revoke->Bind(id).Bind(keep_token_hash);
    if (auto s = revoke->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

}  // namespace plaza::sqlite
