#include "storage/postgres/session_store.hpp"

#include "storage/encoding.hpp"

namespace plaza::pg {

Status PgSessionStore::Create(const SessionRecord& session) {
  if (auto s = storage::CheckSession(session); !s) return s;
  auto rows = pool_.WithConnection([&](PgConnection& conn) {
    return conn.Exec(
        Query("session_store/insert"),
        {session.token_hash, session.user_id, session.csrf, storage::SessionKindName(session.kind),
         session.created_at, session.expires_at});
  });
  if (rows) return {};
  return storage::RefineSessionError(std::unexpected(rows.error()));
}

Result<SessionRecord> PgSessionStore::Find(std::string_view token_hash) {
  if (!storage::IsStorableText(token_hash)) return Fail(Errc::kNotFound, "session not found");
  return pool_.WithConnection([&](PgConnection& conn) -> Result<SessionRecord> {
    auto rows = conn.Exec(Query("session_store/by_token_hash"), {token_hash});
    if (!rows) return std::unexpected(rows.error());
    return ReadOne(*rows, storage::SessionFromRow, "session not found");
  });
}

Status PgSessionStore::Delete(std::string_view token_hash) {
  if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("session_store/delete"), {token_hash});
    if (!rows) return std::unexpected(rows.error());
    return {};
  });
}

Result<std::int64_t> PgSessionStore::DeleteExpired(Timestamp now) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows = conn.Exec(Query("session_store/delete_expired"), {now});
    if (!rows) return std::unexpected(rows.error());
    return rows->Affected();
  });
}

}  // namespace plaza::pg
