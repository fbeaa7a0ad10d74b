#pragma once

// Comments on posts (one level of replies), comment pins and likes on posts and comments. Plain
// synchronous C++, called on the worker pool; the server's wiring turns each change into events
// and cache drops (src/comments/module.cpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "notifications/notifications.hpp"
#include "storage/store.hpp"

namespace plaza::comments {

/// Comments a page of the API holds by default.
inline constexpr int kDefaultPageSize = 50;
/// Comments the post page shows at once; "More comments" pages on (?cursor=).
inline constexpr int kPostPageComments = 20;
/// At most this many @mentions of one comment notify.
inline constexpr std::size_t kMaxMentions = 10;

/// What a commenter sends.
struct CommentInput {
  std::string body;
  std::int64_t parent_id = 0;   // 0 = a top comment
  std::string idempotency_key;  // "" = none (forms send their one-time token)
  std::string address;          // the client's address, for its throttle ("" = not throttled)
};

/// The throttles of comments and likes ([comments]); each may be shared with other services. A
/// write is counted for its user first, then for its address: one refused for its address has
/// used its user's allowance.
struct Throttles {
  RateLimiter& comments_per_user;
  RateLimiter& likes_per_user;
  RateLimiter& writes_per_address;  // comments and likes together
};

/// A change that open pages and cached pages hear of.
struct Change {
  enum class Kind { kCommentCreated, kCommentDeleted, kCommentPinned, kPostLikes, kCommentLikes };
  Kind kind = Kind::kCommentCreated;
  std::int64_t post_id = 0;
  std::optional<Comment> comment;  // created, deleted, pinned or liked comment
  std::int64_t count = 0;          // the post's comment count, or the like count after it
};

struct Page {
  std::vector<Comment> items;
  std::string next_cursor;  // "" when none
};

class Comments {
 public:
  /// `on_change` runs after each write that changed something.
  Comments(Store& store, const Clock& clock, notifications::Notifications& notifications,
           Throttles throttles, std::function<void(const Change&)> on_change = {});

  /// Validates the body (not empty nor only white space or invisible characters, no control
  /// characters but line breaks and tabs; at most 400 grapheme clusters, 3,200 bytes and 30
  /// marks per cluster, counted on the body as sent: kLimitExceeded (422) naming the limit),
  /// stores it in NFC without surrounding white space, with its detected language, and notifies
  /// the post's author ("comment"), the parent's author ("reply") and @mentioned users
  /// ("mention"). A reply to a reply is attached to the top comment of its thread. kGone for a
  /// deleted or hidden post. A repeated idempotency key returns the first comment (changed
  /// false). kRateLimited (with retry_after_s) past comments_per_user or, when the input names
  /// an address, writes_per_address; a refused body is not counted.
  Result<CommentWrite> Create(const User& author, std::int64_t post_id, const CommentInput& input);
  /// A page of a post's comments (CommentStore::List); `cursor` from a previous page's
  /// next_cursor ("" = first). kGone for a deleted or hidden post, kInvalidArgument for a
  /// malformed cursor.
  Result<Page> List(std::int64_t post_id, const std::string& cursor, int limit);
  /// kForbidden unless the actor wrote the comment, wrote its post, or is an admin.
  Result<CommentWrite> Delete(const User& actor, std::int64_t comment_id);
  /// Pins (or unpins) a top comment. kForbidden unless the actor wrote the post (or is an
  /// admin); kGone when the post is deleted.
  Result<Comment> Pin(const User& actor, std::int64_t comment_id, bool pinned);
  /// Likes or unlikes a post or a comment; liking twice is one like. Notifies the owner
  /// ("like") once per target and liker. kRateLimited past likes_per_user or (for a non-empty
  /// `address`) writes_per_address.
  Result<LikeWrite> Like(const User& viewer, LikeTarget target, std::int64_t id, bool like,
                         std::string_view address);

 private:
  void Changed(const Change& change);
  Status Throttle(RateLimiter& per_user, const User& user, std::string_view address);
  void NotifyCreated(const User& author, const Post& post, const Comment& comment);

  Store& store_;
  const Clock& clock_;
  notifications::Notifications& notifications_;
  Throttles throttles_;
  std::function<void(const Change&)> on_change_;
};

/// "<thread>.<id>"; and back (kInvalidArgument, field "cursor").
std::string EncodeCursor(const CommentCursor& cursor);
Result<CommentCursor> DecodeCursor(const std::string& text);

/// What a post page shows of the conversation: the first page of comments and what the viewer
/// liked among them (and whether they liked the post).
struct PageThread {
  Page comments;
  std::vector<std::int64_t> liked_comments;
  bool post_liked = false;
};
/// Reads it from `cursor` ("" = the first page; kInvalidArgument, field "cursor", when
/// malformed); no viewer: nothing liked.
Result<PageThread> ReadForPage(Store& store, std::int64_t post_id, const std::string& cursor,
                               std::optional<std::int64_t> viewer_id, int limit);

/// The @handles a comment mentions (3-30 of a-z0-9_ after '@' not preceded by a handle
/// character), lower-cased, unique, in order, at most kMaxMentions.
std::vector<std::string> Mentions(std::string_view body);

}  // namespace plaza::comments
