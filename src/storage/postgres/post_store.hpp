#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/post_store.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace plaza::pg {

/// PostStore on PostgreSQL; queries in sql/post_store/.
class PgPostStore final : public PostStore {
 public:
  explicit PgPostStore(PgPool& pool) : pool_(pool) {}

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
  PgPool& pool_;
};

}  // namespace plaza::pg
