#pragma once

// [comments]: the throttles on comments and likes (docs/conversation.md).

#include "config/section.hpp"
#include "core/rate_limiter.hpp"

namespace plaza::comments {

struct CommentsOptions {
  /// New comments and replies one user may write.
  RateLimit comments_per_user{10, 60};
  /// Likes and unlikes (of posts and comments) one user may make.
  RateLimit likes_per_user{120, 60};
  /// Comments, likes and unlikes from one client address, every account on it together.
  RateLimit writes_per_address{600, 60};
};

const config::Section<CommentsOptions>& CommentsSection();

}  // namespace plaza::comments
