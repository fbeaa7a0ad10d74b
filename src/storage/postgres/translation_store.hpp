#pragma once

#include <optional>

#include "storage/postgres/pg_connection.hpp"
#include "storage/translation_store.hpp"

namespace plaza::pg {

/// TranslationStore on PostgreSQL; queries in sql/translation_store/.
class PgTranslationStore final : public TranslationStore {
 public:
  explicit PgTranslationStore(PgPool& pool) : pool_(pool) {}

  Status Put(const Translation& translation, const std::optional<JobTicket>& completes) override;
  Result<std::optional<Translation>> Get(const TranslationKey& key) override;
  Result<std::vector<std::optional<Translation>>> GetMany(
      const std::vector<TranslationKey>& keys) override;

 private:
  PgPool& pool_;
};

}  // namespace plaza::pg
