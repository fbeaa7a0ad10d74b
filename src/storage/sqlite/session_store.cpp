#include "storage/sqlite/session_store.hpp"

#include "storage/encoding.hpp"

namespace plaza::sqlite {

Status SqliteSessionStore::Create(const SessionRecord& session) {
  if (auto s = storage::CheckSession(session); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("session_store/insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(session.token_hash)
        .Bind(session.user_id)
        .Bind(session.csrf)
        .Bind(storage::SessionKindName(session.kind))
        .Bind(session.created_at)
        .Bind(session.expires_at);
    return storage::RefineSessionError(stmt->Run());
  });
}

Result<SessionRecord> SqliteSessionStore::Find(std::string_view token_hash) {
  if (!storage::IsStorableText(token_hash)) return Fail(Errc::kNotFound, "session not found");
  return db_.Read([&](Connection& conn) -> Result<SessionRecord> {
    auto stmt = conn.Prepare(Query("session_store/by_token_hash"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(token_hash);
    return ReadOne(*stmt, storage::SessionFromRow, "session not found");
  });
}

Status SqliteSessionStore::Delete(std::string_view token_hash) {
  if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("session_store/delete"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(token_hash);
    return stmt->Run();
  });
}

Result<std::int64_t> SqliteSessionStore::DeleteExpired(Timestamp now) {
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("session_store/delete_expired"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(now);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

}  // namespace plaza::sqlite
