#include "comments/comments_options.hpp"

#include "config/rate_key.hpp"

namespace plaza::comments {

const config::Section<CommentsOptions>& CommentsSection() {
  using config::RateSetter;
  using config::RateShower;
  static const auto section =
      config::Section<CommentsOptions>(
          "comments",
          "throttles on comments and likes (docs/conversation.md): EVENTS/SECONDS; a refused "
          "write gets 429 + Retry-After")
          .Scalar("comments_per_user", RateSetter(&CommentsOptions::comments_per_user),
                  RateShower(&CommentsOptions::comments_per_user),
                  "new comments and replies per user (a repeated form token or Idempotency-Key "
                  "counts too)")
          .Scalar("likes_per_user", RateSetter(&CommentsOptions::likes_per_user),
                  RateShower(&CommentsOptions::likes_per_user),
                  "likes and unlikes of posts and comments per user")
          .Scalar("writes_per_address", RateSetter(&CommentsOptions::writes_per_address),
                  RateShower(&CommentsOptions::writes_per_address),
                  "comments, likes and unlikes per client address, every account on it together");
  return section;
}

}  // namespace plaza::comments
