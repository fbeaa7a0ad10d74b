#pragma once

#include "storage/postgres/pg_connection.hpp"
#include "storage/social_store.hpp"

namespace plaza::pg {

/// SocialStore on PostgreSQL; queries in sql/social_store/.
class PgSocialStore final : public SocialStore {
 public:
  explicit PgSocialStore(PgPool& pool) : pool_(pool) {}

  Result<EngagementWrite> Repost(std::int64_t post_id, std::int64_t user_id,
                                 const std::string& quote, Timestamp at) override;
  Result<EngagementWrite> Unrepost(std::int64_t post_id, std::int64_t user_id) override;
  Result<EngagementWrite> Share(std::int64_t post_id, std::int64_t user_id, Timestamp at) override;
  Result<bool> Pin(std::int64_t author_id, std::int64_t post_id, Timestamp at) override;
  Result<bool> Unpin(std::int64_t author_id, std::int64_t post_id) override;
  Result<std::vector<PostCard>> PinnedCards(std::int64_t author_id) override;
  Result<bool> Follow(std::int64_t follower_id, std::int64_t followee_id, Timestamp at) override;
  Result<bool> Unfollow(std::int64_t follower_id, std::int64_t followee_id) override;
  Result<bool> IsFollowing(std::int64_t follower_id, std::int64_t followee_id) override;
  Result<FollowPage> Followers(std::int64_t user_id, std::optional<std::int64_t> before_id,
                               int limit) override;
  Result<FollowPage> Following(std::int64_t user_id, std::optional<std::int64_t> before_id,
                               int limit) override;
  Result<FollowCounts> CountFollows(std::int64_t user_id) override;
  Result<PostCardPage> FollowedPostCards(std::int64_t reader_id,
                                         std::optional<std::int64_t> before_id, int limit) override;
  Result<RepostCardPage> FollowedReposts(std::int64_t reader_id,
                                         std::optional<std::int64_t> before_id, int limit) override;
  Result<ViewerPostState> ViewerState(std::int64_t viewer_id, std::int64_t post_id) override;

 private:
  Result<FollowPage> FollowList(const char* sql, std::int64_t user_id,
                                std::optional<std::int64_t> before_id, int limit);
  PgPool& pool_;
};

}  // namespace plaza::pg
