#pragma once

// Row -> domain conversions shared by both backends. Each backend adapts its driver's current
// row (a SQLite statement, a row of a PostgreSQL result) to storage::Row; the column order each
// function reads is the one the named .sql files select, so both backends read rows one way.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/job_store.hpp"
#include "storage/post_store.hpp"
#include "storage/session_store.hpp"
#include "storage/summary_store.hpp"
#include "storage/translation_store.hpp"
#include "storage/user_store.hpp"

namespace plaza::storage {

/// One result row, read by column index (0-based).
class Row {
 public:
  virtual ~Row() = default;
  virtual std::int64_t Int(int column) const = 0;
  virtual std::string Text(int column) const = 0;
};

/// kInternal: a stored value the code cannot map back (an unknown enum name, a gap in revisions).
std::unexpected<Error> CorruptRow();

/// `error` (its code kept) with the message and field the caller knows better than the driver,
/// e.g. a unique violation on users.handle -> kConflict "handle is taken" (field "handle").
Error Refine(Error error, std::string message, std::string field);

/// A failed user insert as the caller sees it: kConflict -> "handle is taken" (field "handle").
Error NewUserError(Error error);
/// A failed session insert: kConflict -> "session already exists" (field "token_hash"), kNotFound
/// (foreign key) -> "user not found" (field "user_id"). Passes success through.
Status RefineSessionError(Status status);
/// A failed post insert: kNotFound (foreign key) -> "author not found" (field "author_id").
Error NewPostError(Error error);

/// Columns of user_store/by_id.sql.
Result<User> UserFromRow(const Row& row);
/// The user Create() stored as `id`.
User CreatedUser(std::int64_t id, const NewUser& user);
/// Columns of session_store/by_token_hash.sql.
Result<SessionRecord> SessionFromRow(const Row& row);
/// Columns of job_store/by_id.sql (and every statement that returns jobs).
Result<Job> JobFromRow(const Row& row);
/// Columns of job_store/counts.sql.
Result<JobCount> JobCountFromRow(const Row& row);
/// Columns of job_store/recurring_list.sql.
Result<Recurring> RecurringFromRow(const Row& row);
/// Columns of post_store/list_live.sql and list_live_by_author.sql, cashtags included.
Result<Post> PostFromRow(const Row& row);
/// Columns of post_store/by_id.sql: PostFromRow's, then the conversation version.
Result<Post> PostByIdFromRow(const Row& row);
/// Columns of post_store/list_cards.sql (and list_cards_by_author.sql).
Result<PostCard> CardFromRow(const Row& row);
/// The cashtags of one revision as the post queries select them, in one column: each token as
/// "<position>,<byte length>:<symbol>", concatenated in any order ("" when none). Returns the
/// symbols by position; kInternal when the text is malformed.
Result<std::vector<std::string>> DecodeCashtags(std::string_view encoded);
/// Columns of post_store/revisions.sql (column 0, the revision number, is read by
/// AppendRevision).
Result<RevisionContent> RevisionFromRow(const Row& row);
/// Appends the revision in `row` to `revisions`; kInternal unless revisions come numbered
/// 1, 2, ... without gaps (the vector index is revision - 1).
Status AppendRevision(const Row& row, std::vector<RevisionContent>& revisions);
/// Adds a cashtag to revision `revision` of `revisions`; kInternal for a revision not there.
Status AddRevisionToken(std::vector<RevisionContent>& revisions, std::int64_t revision,
                        std::string symbol);
/// Columns of summary_store/of_post.sql.
Result<Summary> SummaryFromRow(const Row& row);

/// Columns of translation_store/get.sql.
Result<Translation> TranslationFromRow(const Row& row);
/// GetMany's checks: kInvalidArgument naming "keys" past kMaxTranslationKeys. The source hashes
/// of the keys that can be stored (others have no translation), each once.
Result<std::vector<std::string>> HashesToLookUp(const std::vector<TranslationKey>& keys);
/// GetMany's answer from the rows its query read: for each key, the row with all its parts.
std::vector<std::optional<Translation>> MatchTranslations(const std::vector<TranslationKey>& keys,
                                                          std::vector<Translation> rows);

}  // namespace plaza::storage
