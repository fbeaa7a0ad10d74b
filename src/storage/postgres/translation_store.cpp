#include "storage/postgres/translation_store.hpp"

#include "storage/encoding.hpp"
#include "storage/postgres/job_store.hpp"

namespace plaza::pg {

Status PgTranslationStore::Put(const Translation& translation,
                               const std::optional<JobTicket>& completes) {
  if (auto s = storage::CheckTranslation(translation); !s) return s;
  if (auto s = storage::CheckTicket(completes); !s) return s;
  return pool_.InTransaction([&](PgConnection& conn) -> Status {
    const TranslationKey& key = translation.key;
    auto put = conn.Exec(Query("translation_store/put"),
                         {key.source_hash, key.source_lang, key.target, key.engine,
                          translation.text, translation.created_at});
    if (!put) return std::unexpected(put.error());
    if (translation.comment_post_id != 0) {
      auto bumped =
          conn.Exec(Query("translation_store/bump_conversation"), {translation.comment_post_id});
      if (!bumped) return std::unexpected(bumped.error());
    }
    if (completes) {
      // Not running under that owner any more (a reclaim, an operator): the translation stands.
      auto done = CompleteJob(conn, completes->job_id, completes->owner, translation.created_at);
      if (!done) return std::unexpected(done.error());
    }
    return {};
  });
}

Result<std::optional<Translation>> PgTranslationStore::Get(const TranslationKey& key) {
  if (!storage::IsStorableText(key.source_hash) || !storage::IsStorableText(key.source_lang) ||
      !storage::IsStorableText(key.target) || !storage::IsStorableText(key.engine)) {
    return std::optional<Translation>();
  }
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::optional<Translation>> {
    auto rows = conn.Exec(Query("translation_store/get"),
                          {key.source_hash, key.source_lang, key.target, key.engine});
    if (!rows) return std::unexpected(rows.error());
    auto read = ReadRows(*rows, storage::TranslationFromRow);
    if (!read) return std::unexpected(read.error());
    if (read->empty()) return std::optional<Translation>();
    return std::optional<Translation>(std::move(read->front()));
  });
}

Result<std::vector<std::optional<Translation>>> PgTranslationStore::GetMany(
    const std::vector<TranslationKey>& keys) {
  auto hashes = storage::HashesToLookUp(keys);
  if (!hashes) return std::unexpected(hashes.error());
  if (hashes->empty()) return std::vector<std::optional<Translation>>(keys.size());
  return pool_.WithConnection(
      [&](PgConnection& conn) -> Result<std::vector<std::optional<Translation>>> {
        auto rows = conn.Exec(Query("translation_store/get_many"), {TextArrayLiteral(*hashes)});
        if (!rows) return std::unexpected(rows.error());
        auto read = ReadRows(*rows, storage::TranslationFromRow);
        if (!read) return std::unexpected(read.error());
        return storage::MatchTranslations(keys, std::move(*read));
      });
}

}  // namespace plaza::pg
