#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "storage/post_store.hpp"
#include "storage/sqlite/database.hpp"

namespace plaza::sqlite {

/// PostStore on SQLite; queries in sql/post_store/. A write's revision jobs are enqueued in the
/// same transaction (see job_store.hpp).
class SqlitePostStore final : public PostStore {
 public:
  explicit SqlitePostStore(Database& db) : db_(db) {}

  Result<Post> Create(const NewPost& post) override;
  Result<Post> Get(std::int64_t id) override;
  Result<Post> Edit(const PostEdit& edit) override;
  Status Delete(std::int64_t id, Timestamp at) override;
  Result<PostListPage> List(std::optional<std::int64_t> before_id, int limit,
                            std::optional<std::int64_t> author_id) override;
  Result<PostCardPage> ListCards(std::optional<std::int64_t> before_id, int limit,
                                 std::optional<std::int64_t> author_id) override;
  Result<std::int64_t> Count() override;
  Result<std::vector<RevisionContent>> Revisions(std::int64_t id) override;

 private:
  Database& db_;
};

}  // namespace plaza::sqlite
