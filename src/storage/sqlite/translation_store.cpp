#include "storage/sqlite/translation_store.hpp"

#include <cstdio>

#include "storage/encoding.hpp"
#include "storage/sqlite/job_store.hpp"

namespace plaza::sqlite {

Status SqliteTranslationStore::Put(const Translation& translation,
                                   const std::optional<JobTicket>& completes) {
  if (auto s = storage::CheckTranslation(translation); !s) return s;
  if (auto s = storage::CheckTicket(completes); !s) return s;
  // The translation and the end of its job commit together.
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("translation_store/put"));
    if (!stmt) return std::unexpected(stmt.error());
    const TranslationKey& key = translation.key;
    stmt->Bind(key.source_hash)
        .Bind(key.source_lang)
        .Bind(key.target)
        .Bind(key.engine)
        .Bind(translation.text)
        .Bind(translation.created_at);
    if (auto s = stmt->Run(); !s) return s;
    if (translation.comment_post_id != 0) {
      auto bump = conn.Prepare(Query("translation_store/bump_conversation"));
      if (!bump) return std::unexpected(bump.error());
      bump->Bind(translation.comment_post_id);
      if (auto s = bump->Run(); !s) return s;
    }
    if (completes) {
      // Not running under that owner any more (a reclaim, an operator): the translation stands.
      auto changed = CompleteJob(conn, completes->job_id, completes->owner, translation.created_at);
      if (!changed) return std::unexpected(changed.error());
    }
    return {};
  });
}

Result<std::optional<Translation>> SqliteTranslationStore::Get(const TranslationKey& key) {
  if (!storage::IsStorableText(key.source_hash) || !storage::IsStorableText(key.source_lang) ||
      !storage::IsStorableText(key.target) || !storage::IsStorableText(key.engine)) {
    return std::optional<Translation>();
  }
  return db_.Read([&](Connection& conn) -> Result<std::optional<Translation>> {
    auto stmt = conn.Prepare(Query("translation_store/get"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(key.source_hash).Bind(key.source_lang).Bind(key.target).Bind(key.engine);
    auto rows = ReadRows(*stmt, storage::TranslationFromRow);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::optional<Translation>();
    return std::optional<Translation>(std::move(rows->front()));
  });
}

Result<std::vector<std::optional<Translation>>> SqliteTranslationStore::GetMany(
    const std::vector<TranslationKey>& keys) {
  auto hashes = storage::HashesToLookUp(keys);
  if (!hashes) return std::unexpected(hashes.error());
  if (hashes->empty()) return std::vector<std::optional<Translation>>(keys.size());
  std::string json = "[";
  for (const std::string& hash : *hashes) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (char c : hash) {  // JSON-escaped: a hash is hex, but the store takes any storable text
      if (c == '"' || c == '\\') json += '\\';
      if (static_cast<unsigned char>(c) < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        json += escaped;
        continue;
      }
      json += c;
    }
    json += '"';
  }
  json += ']';
  return db_.Read([&](Connection& conn) -> Result<std::vector<std::optional<Translation>>> {
    auto stmt = conn.Prepare(Query("translation_store/get_many"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(json);
    auto rows = ReadRows(*stmt, storage::TranslationFromRow);
    if (!rows) return std::unexpected(rows.error());
    return storage::MatchTranslations(keys, std::move(*rows));
  });
}

}  // namespace plaza::sqlite
