#include "storage/postgres/session_store.hpp"

#include "storage/encoding.hpp"

namespace plaza::pg {

Status PgSessionStore::Create(const SessionRecord& session) {
  if (auto s = storage::CheckSession(session); !s) return s;
  auto rows = pool_.WithConnection([&](PgConnection& conn) {
    return conn.Exec(
        Query("session_store/insert"),
        {session.token_hash, session.user_id, session.csrf, storage::SessionKindName(session.kind),
         session.created_at, session.expires_at, session.id, session.last_seen_at, session.device,
         session.address});
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

Result<std::int64_t> PgSessionStore::DeleteExpired(const SessionCutoffs& cutoffs) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows = conn.Exec(Query("session_store/delete_expired"),
                          {cutoffs.now, storage::SessionKindName(SessionKind::kBrowser),
                           cutoffs.browser_created_before, cutoffs.browser_seen_before,
                           storage::SessionKindName(SessionKind::kApiToken),
                           cutoffs.api_token_created_before, cutoffs.api_token_seen_before});
    if (!rows) return std::unexpected(rows.error());
    return rows->Affected();
  });
}

Result<std::vector<SessionRecord>> PgSessionStore::ListForUser(std::int64_t user_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<SessionRecord>> {
    auto rows = conn.Exec(Query("session_store/list_for_user"), {user_id});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::SessionFromRow);
  });
}

Status PgSessionStore::Touch(std::string_view token_hash, Timestamp last_seen_at) {
  if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("session_store/touch"), {token_hash, last_seen_at});
    if (!rows) return std::unexpected(rows.error());
    return {};
  });
}

Status PgSessionStore::DeleteById(std::int64_t user_id, std::string_view id) {
  if (!storage::IsStorableText(id)) return Fail(Errc::kNotFound, "session not found");
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("session_store/delete_by_id"), {user_id, id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() == 0) return Fail(Errc::kNotFound, "session not found");
    return {};
  });
}

Result<std::int64_t> PgSessionStore::DeleteOthers(std::int64_t user_id,
                                                  std::string_view keep_token_hash) {
  if (!storage::IsStorableText(keep_token_hash)) keep_token_hash = {};
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows = conn.Exec(Query("session_store/delete_others"), {user_id, keep_token_hash});
    if (!rows) return std::unexpected(rows.error());
    return rows->Affected();
  });
}

}  // namespace plaza::pg
