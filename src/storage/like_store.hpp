#pragma once

#include <cstdint>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

enum class LikeTarget { kPost, kComment };

/// The outcome of a like or an unlike: the target's like count after it, whether this call
/// changed anything (liking twice is one like), and who owns the target.
struct LikeWrite {
  std::int64_t likes = 0;
  bool changed = false;
  std::int64_t post_id = 0;   // the post, or the comment's post
  std::int64_t owner_id = 0;  // the author of the post or comment
};

/// Likes on posts and comments: one per (target, user). The target's count (Post::counts.likes,
/// Comment::likes) changes in the same transaction.
class LikeStore {
 public:
  virtual ~LikeStore() = default;
  /// kNotFound when the target does not exist (field "post_id" or "comment_id"), kGone when it
  /// (or a comment's post) is not live; kNotFound (field "user_id") for an unknown user.
  virtual Result<LikeWrite> Like(LikeTarget target, std::int64_t target_id, std::int64_t user_id,
                                 Timestamp at) = 0;
  /// Removes the like, if any. The same errors as Like.
  virtual Result<LikeWrite> Unlike(LikeTarget target, std::int64_t target_id,
                                   std::int64_t user_id) = 0;
  /// Which of `ids` (at most 1000) the user liked, ascending.
  virtual Result<std::vector<std::int64_t>> LikedAmong(LikeTarget target, std::int64_t user_id,
                                                       const std::vector<std::int64_t>& ids) = 0;
};

}  // namespace plaza
