#include "storage/sqlite/translation_store.hpp"

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

}  // namespace plaza::sqlite
