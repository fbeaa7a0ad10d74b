#include "storage/postgres/user_store.hpp"

#include "storage/encoding.hpp"

namespace plaza::pg {

Result<User> PgUserStore::Create(const NewUser& user) {
  if (auto s = storage::CheckNewUser(user); !s) return std::unexpected(s.error());
  auto rows = pool_.WithConnection([&](PgConnection& conn) {
    return conn.Exec(Query("user_store/insert"),
                     {user.handle, user.display_name, user.password_hash,
                      storage::RoleName(user.role), user.created_at});
  });
  if (!rows) return std::unexpected(storage::NewUserError(rows.error()));
  return storage::CreatedUser(rows->Int(0, 0), user);
}

Result<User> PgUserStore::FindById(std::int64_t id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<User> {
    auto rows = conn.Exec(Query("user_store/by_id"), {id});
    if (!rows) return std::unexpected(rows.error());
    return ReadOne(*rows, storage::UserFromRow, "user not found");
  });
}

Result<User> PgUserStore::FindByHandle(std::string_view handle) {
  if (!storage::IsStorableText(handle)) return Fail(Errc::kNotFound, "user not found");
  return pool_.WithConnection([&](PgConnection& conn) -> Result<User> {
    auto rows = conn.Exec(Query("user_store/by_handle"), {handle});
    if (!rows) return std::unexpected(rows.error());
    return ReadOne(*rows, storage::UserFromRow, "user not found");
  });
}

Status PgUserStore::UpdateProfile(std::int64_t id, std::string_view display_name,
                                  std::string_view bio) {
  if (auto s = storage::CheckProfile(display_name, bio); !s) return s;
  return pool_.InTransaction([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("user_store/update_profile"), {display_name, bio, id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() == 0) return Fail(Errc::kNotFound, "user not found");
    auto bumped = conn.Exec(Query("user_store/bump_conversations"), {id});
    if (!bumped) return std::unexpected(bumped.error());
    return {};
  });
}

Status PgUserStore::UpdateLocale(std::int64_t id, std::string_view locale) {
  if (!storage::IsStorableText(locale)) {
    return Fail(Errc::kInvalidArgument, "locale is not storable text", "locale");
  }
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("user_store/update_locale"), {locale, id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() == 0) return Fail(Errc::kNotFound, "user not found");
    return {};
  });
}

Result<std::int64_t> PgUserStore::ChangePassword(std::int64_t id, std::string_view password_hash,
                                                 std::string_view keep_token_hash) {
  if (!storage::IsStorableText(password_hash)) {
    return Fail(Errc::kInvalidArgument, "password hash is not storable text", "password_hash");
  }
  if (!storage::IsStorableText(keep_token_hash)) keep_token_hash = {};
  // One transaction: the new hash and the end of the other sessions commit together.
  return pool_.InTransaction([&](PgConnection& conn) -> Result<std::int64_t> {
    auto updated = conn.Exec(Query("user_store/update_password"), {password_hash, id});
    if (!updated) return std::unexpected(updated.error());
    if (updated->Affected() == 0) return Fail(Errc::kNotFound, "user not found");
    auto revoked = conn.Exec(Query("session_store/delete_others"), {id, keep_token_hash});
    if (!revoked) return std::unexpected(revoked.error());
    return revoked->Affected();
  });
}

}  // namespace plaza::pg
