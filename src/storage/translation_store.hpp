#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/summary_store.hpp"

namespace plaza {

/// What a stored translation is found by: the text it translates (by hash), the language that
/// text is in, the target it was translated into and the engines that did it. Content, not a
/// post: every post, summary or comment with the same text shares the row.
struct TranslationKey {
  std::string source_hash;  // lowercase hex SHA-256 of the source text (translation::TextHash)
  std::string source_lang;  // content code of the source text ("en", "zh-Hans", ...)
  std::string target;       // target code: a content code, or "pt-PT" / "pt-BR"
  std::string engine;       // translate::Route::EngineKey(): "apertium", "apertium+apertium"
};

/// One stored translation.
struct Translation {
  TranslationKey key;
  std::string text;  // the translated text (Markdown for a body, plain text otherwise)
  Timestamp created_at = 0;
  /// A comment's translation: the post it was asked on, whose conversation version (Post::
  /// conversation_version) moves in Put's transaction; 0 for a post's own parts. Not stored.
  std::int64_t comment_post_id = 0;
};

inline constexpr std::size_t kMaxTranslationKeys = 100;

class TranslationStore {
 public:
  virtual ~TranslationStore() = default;
  /// Stores (inserts or replaces) the translation of `translation.key`. When `completes` is
  /// given, that job is marked done in the same transaction if it is still running under that
  /// owner (if not, the translation is stored all the same: writes are idempotent).
  /// kInvalidArgument (naming the field) when a key part is empty or a string is not storable.
  virtual Status Put(const Translation& translation, const std::optional<JobTicket>& completes) = 0;
  /// The translation stored under `key`; nullopt when there is none (not an error).
  virtual Result<std::optional<Translation>> Get(const TranslationKey& key) = 0;
  /// Get for each of `keys` in one query (a page of comments), in their order. At most
  /// kMaxTranslationKeys keys (kInvalidArgument naming "keys" beyond).
  virtual Result<std::vector<std::optional<Translation>>> GetMany(
      const std::vector<TranslationKey>& keys) = 0;
};

}  // namespace plaza
