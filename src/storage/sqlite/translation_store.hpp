#pragma once

#include <optional>

#include "storage/sqlite/database.hpp"
#include "storage/translation_store.hpp"

namespace plaza::sqlite {

/// TranslationStore on SQLite; queries in sql/translation_store/.
class SqliteTranslationStore final : public TranslationStore {
 public:
  explicit SqliteTranslationStore(Database& db) : db_(db) {}

  Status Put(const Translation& translation, const std::optional<JobTicket>& completes) override;
  Result<std::optional<Translation>> Get(const TranslationKey& key) override;
  Result<std::vector<std::optional<Translation>>> GetMany(
      const std::vector<TranslationKey>& keys) override;

 private:
  Database& db_;
};

}  // namespace plaza::sqlite
