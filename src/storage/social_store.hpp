#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/post_store.hpp"

namespace plaza {

/// The most posts an author may pin to the top of their profile.
constexpr int kMaxPinnedPosts = 3;

/// A user as lists of people show them.
struct UserRef {
  std::int64_t id = 0;
  std::string handle;
  std::string display_name;
};

/// A reader's repost of a post; `quote` is "" for a plain repost.
struct Repost {
  std::int64_t id = 0;
  std::int64_t post_id = 0;
  UserRef by;
  std::string quote;
  Timestamp created_at = 0;
};

/// What a repost or share write left behind: whether it changed anything, and the post's counts
/// read in the same transaction.
struct EngagementWrite {
  bool changed = false;
  PostCounts counts;
};

/// A repost by someone a reader follows, with the card of the post it reposts.
struct RepostCard {
  Repost repost;
  PostCard post;
};

/// One entry of a feed: a post, or a repost of one (then `repost` says by whom, with its quote).
struct FeedItem {
  PostCard post;
  std::optional<Repost> repost;
};

struct RepostCardPage {
  std::vector<RepostCard> items;
  std::optional<std::int64_t> next_before_id;  // a repost id: pass as `before_id`
};

/// One row of a followers or following list.
struct FollowEntry {
  std::int64_t id = 0;  // the follow's id: the list's keyset
  UserRef user;
  Timestamp created_at = 0;
};

struct FollowPage {
  std::vector<FollowEntry> items;
  std::optional<std::int64_t> next_before_id;
};

struct FollowCounts {
  std::int64_t followers = 0;
  std::int64_t following = 0;
};

/// What one reader has done to one post (for the buttons a signed-in reader sees).
struct ViewerPostState {
  bool reposted = false;
  std::string quote;  // the reader's quote, when the repost carries one
  bool shared = false;
  bool pinned = false;  // pinned by its author (whoever reads)
};

/// Reposts and quote reposts, shares, pins and follows. Every list pages by keyset (`id <
/// before_id`, newest first) and reads one page whatever the table's size; `limit` is 1..1000
/// (kInvalidArgument below, clamped above) and next_before_id is set only when more follow.
class SocialStore {
 public:
  virtual ~SocialStore() = default;

  /// Reposts `post_id` as `user_id`, with `quote` ("" = plain). One repost per reader and post:
  /// a second call replaces the quote (changed = false when it was the same). kNotFound when the
  /// post or user does not exist, kGone when the post is not live.
  virtual Result<EngagementWrite> Repost(std::int64_t post_id, std::int64_t user_id,
                                         const std::string& quote, Timestamp at) = 0;
  /// Undoes the reader's repost. It is not an error if there was none (changed = false).
  /// kNotFound / kGone as Repost.
  virtual Result<EngagementWrite> Unrepost(std::int64_t post_id, std::int64_t user_id) = 0;
  /// Counts a share once per reader and post (changed = false for a second one). kNotFound /
  /// kGone as Repost.
  virtual Result<EngagementWrite> Share(std::int64_t post_id, std::int64_t user_id,
                                        Timestamp at) = 0;

  /// Pins the author's own post (changed = false when already pinned). kNotFound when the post
  /// does not exist, kGone when it is not live, kForbidden (field "post_id") when `author_id`
  /// did not write it, kLimitExceeded (limit kMaxPinnedPosts) when three are pinned already.
  virtual Result<bool> Pin(std::int64_t author_id, std::int64_t post_id, Timestamp at) = 0;
  /// Unpins; it is not an error if it was not pinned (false then).
  virtual Result<bool> Unpin(std::int64_t author_id, std::int64_t post_id) = 0;
  /// The author's pinned live posts, newest pin first (at most kMaxPinnedPosts).
  virtual Result<std::vector<PostCard>> PinnedCards(std::int64_t author_id) = 0;

  /// `follower_id` follows `followee_id` (false when it already did). kInvalidArgument (field
  /// "handle") when they are the same user; kNotFound when either does not exist.
  virtual Result<bool> Follow(std::int64_t follower_id, std::int64_t followee_id, Timestamp at) = 0;
  /// It is not an error if there was no follow (false then).
  virtual Result<bool> Unfollow(std::int64_t follower_id, std::int64_t followee_id) = 0;
  virtual Result<bool> IsFollowing(std::int64_t follower_id, std::int64_t followee_id) = 0;
  /// Who follows `user_id`, newest follow first.
  virtual Result<FollowPage> Followers(std::int64_t user_id, std::optional<std::int64_t> before_id,
                                       int limit) = 0;
  /// Whom `user_id` follows, newest follow first.
  virtual Result<FollowPage> Following(std::int64_t user_id, std::optional<std::int64_t> before_id,
                                       int limit) = 0;
  virtual Result<FollowCounts> CountFollows(std::int64_t user_id) = 0;

  /// Live posts by the authors `reader_id` follows, newest first by post id: the cards of
  /// PostStore::ListCards, the same paging.
  virtual Result<PostCardPage> FollowedPostCards(std::int64_t reader_id,
                                                 std::optional<std::int64_t> before_id,
                                                 int limit) = 0;
  /// Reposts made by the users `reader_id` follows, of live posts, newest first by repost id.
  virtual Result<RepostCardPage> FollowedReposts(std::int64_t reader_id,
                                                 std::optional<std::int64_t> before_id,
                                                 int limit) = 0;

  /// What `viewer_id` has done to `post_id` (all false when nothing, or the post is unknown).
  virtual Result<ViewerPostState> ViewerState(std::int64_t viewer_id, std::int64_t post_id) = 0;
};

}  // namespace plaza
