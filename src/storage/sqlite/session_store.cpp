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
        .Bind(session.expires_at)
        .Bind(session.id)
        .Bind(session.last_seen_at)
        .Bind(session.device)
        .Bind(session.address);
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

Result<std::int64_t> SqliteSessionStore::DeleteExpired(const SessionCutoffs& cutoffs) {
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("session_store/delete_expired"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(cutoffs.now)
        .Bind(storage::SessionKindName(SessionKind::kBrowser))
        .Bind(cutoffs.browser_created_before)
        .Bind(cutoffs.browser_seen_before)
        .Bind(storage::SessionKindName(SessionKind::kApiToken))
        .Bind(cutoffs.api_token_created_before)
        .Bind(cutoffs.api_token_seen_before);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

Result<std::vector<SessionRecord>> SqliteSessionStore::ListForUser(std::int64_t user_id) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<SessionRecord>> {
    auto stmt = conn.Prepare(Query("session_store/list_for_user"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id);
    return ReadRows(*stmt, storage::SessionFromRow);
  });
}

Status SqliteSessionStore::Touch(std::string_view token_hash, Timestamp last_seen_at) {
  if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("session_store/touch"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(last_seen_at).Bind(token_hash);
    return stmt->Run();
  });
}

Status SqliteSessionStore::DeleteById(std::int64_t user_id, std::string_view id) {
  if (!storage::IsStorableText(id)) return Fail(Errc::kNotFound, "session not found");
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("session_store/delete_by_id"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id).Bind(id);
    if (auto s = stmt->Run(); !s) return s;
    if (conn.Changes() == 0) return Fail(Errc::kNotFound, "session not found");
    return {};
  });
}

Result<std::int64_t> SqliteSessionStore::DeleteOthers(std::int64_t user_id,
                                                      std::string_view keep_token_hash) {
  if (!storage::IsStorableText(keep_token_hash)) keep_token_hash = {};
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("session_store/delete_others"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id).Bind(keep_token_hash);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

}  // namespace plaza::sqlite
