#pragma once

// What both backends' SocialStore share: row conversions (columns as the social_store/*.sql
// files select them) and the rules a write checks before it touches a row.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/rows.hpp"
#include "storage/social_store.hpp"

namespace plaza::storage {

/// Columns of social_store/counts.sql.
PostCounts CountsFromRow(const Row& row);
/// Columns of social_store/followers.sql (and following.sql).
Result<FollowEntry> FollowFromRow(const Row& row);
/// Columns of social_store/followed_reposts.sql: the repost, then the post's card.
Result<RepostCard> RepostCardFromRow(const Row& row);
/// Columns of social_store/viewer_state.sql.
Result<ViewerPostState> ViewerStateFromRow(const Row& row);

/// A social write's post, from social_store/post_state.sql (`found`, its status name):
/// kNotFound, or kGone when it is not live.
Status CheckSocialTarget(bool found, std::string_view status);
/// kInvalidArgument (field "quote") unless the quote is storable text.
Status CheckQuote(const std::string& quote);

/// kForbidden (field "post_id") unless `pinner_id` wrote the post (`author_id`).
Status CheckPinner(std::int64_t author_id, std::int64_t pinner_id);
/// kLimitExceeded (limit kMaxPinnedPosts) when `pinned` posts already fill the author's pins.
Status CheckPinRoom(std::int64_t pinned);
/// kInvalidArgument (field "handle") when a user would follow themselves.
Status CheckFollow(std::int64_t follower_id, std::int64_t followee_id);

/// How a repost write moves a post's counts: (reposts, quotes) deltas from the quote stored
/// before (nullopt: no repost) to the one stored after (nullopt: removed).
struct RepostDelta {
  std::int64_t reposts = 0;
  std::int64_t quotes = 0;
  bool changed() const { return reposts != 0 || quotes != 0; }
};
RepostDelta RepostDeltaOf(const std::optional<std::string>& before,
                          const std::optional<std::string>& after);

/// Ends a page of follows or reposts read with one row more than `page_size` (see ClosePage).
void ClosePage(FollowPage& page, int page_size);
void ClosePage(RepostCardPage& page, int page_size);

}  // namespace plaza::storage
