#pragma once

// Reposts and quote reposts, shares, pins and follows, and the following feed: the service the
// social module's routes, the pages and `plaza bench-seed` call. Synchronous; called on the
// worker pool.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "storage/store.hpp"
#include "text/limits.hpp"

namespace plaza::social {

/// A quote repost's text: the comment's limit (grapheme clusters, with its byte cap).
constexpr text::TextLimit kQuoteLimit = text::kCommentLimit;

/// Something a user is told about (the notifications service turns it into a notification).
struct NotificationEvent {
  enum class Kind { kRepost, kQuote, kFollow };
  Kind kind = Kind::kRepost;
  std::int64_t recipient_id = 0;        // the post's author, or the user followed
  UserRef actor;                        // who reposted, quoted or followed
  std::optional<std::int64_t> post_id;  // reposts and quotes
  std::string quote;                    // quotes
  Timestamp at = 0;
};
/// Where notifications go. Called after the write committed, never for a write that changed
/// nothing (a second repost) nor for one's own post.
using NotificationSink = std::function<void(const NotificationEvent&)>;
/// Told a post's counts after every repost, quote, undo or share that changed them.
using CountsListener = std::function<void(std::int64_t post_id, const PostCounts& counts)>;

struct FeedPage {
  std::vector<FeedItem> items;
  std::optional<std::string> next_cursor;  // opaque
};

struct PeoplePage {
  std::vector<FollowEntry> items;
  std::optional<std::string> next_cursor;  // opaque
};

/// What a profile shows besides its posts.
struct ProfileSocial {
  FollowCounts counts;
  std::vector<PostCard> pinned;
  bool viewer_follows = false;
};

/// The following feed's cursor: where each of its two streams (followees' posts by post id,
/// their reposts by repost id) goes on, encoded "p<before>r<before>" with "x" for a stream that
/// has ended and nothing for one that starts at the top ("" starts both at the top).
struct FeedCursor {
  std::optional<std::int64_t> posts_before;    // nullopt: from the newest
  std::optional<std::int64_t> reposts_before;  // nullopt: from the newest
  bool posts_done = false;
  bool reposts_done = false;
};
/// kInvalidArgument (field "cursor") when `text` is not a cursor this service made.
Result<FeedCursor> ParseFeedCursor(std::string_view text);
std::string FormatFeedCursor(const FeedCursor& cursor);

/// Merges one page of each stream (each read with one row more than `limit`, newest first)
/// into the newest `limit` items, newest first (a repost before a post of the same time), and
/// the cursor of what follows (nullopt when both streams have ended).
FeedPage MergeFeed(const PostCardPage& posts, const RepostCardPage& reposts, int limit,
                   const FeedCursor& from);

// Reads: plain store reads that need no throttle or listener, so pages call them directly.

/// The following feed: posts by the users `reader_id` follows and their reposts, newest first.
/// `cursor` is a next_cursor ("" = the top; kInvalidArgument naming "cursor" when malformed);
/// `limit` is clamped to 1..100.
Result<FeedPage> FollowingFeed(Store& store, std::int64_t reader_id, const std::string& cursor,
                               int limit);
/// Who follows `user_id` / whom it follows, newest first (cursor and limit as above).
Result<PeoplePage> Followers(Store& store, std::int64_t user_id, const std::string& cursor,
                             int limit);
Result<PeoplePage> Following(Store& store, std::int64_t user_id, const std::string& cursor,
                             int limit);
/// The counts, pins and (for a signed-in viewer) follow state of a profile.
Result<ProfileSocial> ProfileOf(Store& store, std::int64_t user_id,
                                std::optional<std::int64_t> viewer_id);

/// The writes: validated, throttled per user (social.writes_per_minute) and, when given the
/// client's `address` ("" = none, as for commands), per address
/// (social.address_writes_per_minute; kRateLimited with retry_after_s past either), followed by
/// the counts listener and the notification sink.
class Social {
 public:
  /// `writes_per_address` (may be null: no throttle per address) counts the writes of every
  /// account on one client address.
  Social(Store& store, const Clock& clock, RateLimiter& writes_per_user,
         NotificationSink notify = {}, CountsListener on_counts = {},
         RateLimiter* writes_per_address = nullptr);

  /// Reposts a live post, with a quote when `quote` holds visible text (at most kQuoteLimit,
  /// counted as sent: kLimitExceeded naming "quote" and the limit; no control characters but
  /// line breaks and tabs; stored trimmed and in NFC; an empty or blank quote is a plain
  /// repost). A second call replaces the quote. kGone / kNotFound for the post;
  /// kRateLimited past social.writes_per_minute.
  Result<EngagementWrite> Repost(const User& actor, std::int64_t post_id,
                                 const std::optional<std::string>& quote,
                                 std::string_view address = {});
  Result<EngagementWrite> Unrepost(const User& actor, std::int64_t post_id,
                                   std::string_view address = {});
  /// Counts a share once per reader and post.
  Result<EngagementWrite> Share(const User& actor, std::int64_t post_id,
                                std::string_view address = {});
  /// Pins the actor's own post (SocialStore::Pin's errors: kForbidden, kLimitExceeded with
  /// limit 3, kGone).
  Result<bool> Pin(const User& actor, std::int64_t post_id, std::string_view address = {});
  Result<bool> Unpin(const User& actor, std::int64_t post_id, std::string_view address = {});
  /// Follows the user with `handle` (kNotFound when none; kInvalidArgument naming "handle" for
  /// oneself). Returns that user.
  Result<User> Follow(const User& actor, std::string_view handle, std::string_view address = {});
  Result<User> Unfollow(const User& actor, std::string_view handle, std::string_view address = {});

 private:
  Status Throttle(const User& actor, std::string_view address);
  void Notify(NotificationEvent::Kind kind, std::int64_t recipient_id, const User& actor,
              std::optional<std::int64_t> post_id, std::string quote);
  void CountsChanged(std::int64_t post_id, const EngagementWrite& write);

  Store& store_;
  const Clock& clock_;
  RateLimiter& writes_per_user_;
  NotificationSink notify_;
  CountsListener on_counts_;
  RateLimiter* writes_per_address_;
};

}  // namespace plaza::social
