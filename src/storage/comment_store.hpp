#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

enum class CommentStatus { kLive, kDeleted };

/// A comment on a post, joined with its author. Replies are one level deep: a reply's parent_id
/// and thread_id are its top comment's id; a top comment has parent_id 0 and thread_id == id.
struct Comment {
  std::int64_t id = 0;
  std::int64_t post_id = 0;
  std::int64_t parent_id = 0;
  std::int64_t thread_id = 0;
  std::int64_t author_id = 0;
  std::string author_handle;
  std::string author_display_name;
  std::string body;  // plain text as written (NFC); kept when deleted, never shown then
  std::string lang;  // content code, "und" when unknown
  CommentStatus status = CommentStatus::kLive;
  bool pinned = false;
  std::int64_t likes = 0;
  Timestamp created_at = 0;
  Timestamp deleted_at = 0;  // 0 unless deleted
  std::int64_t tips = 0;     // tips received (rewards), kept by LedgerStore::PostTip
};

struct NewComment {
  std::int64_t post_id = 0;
  std::int64_t parent_id = 0;  // 0 = a top comment
  std::int64_t author_id = 0;
  std::string body;
  std::string lang;
  std::string idempotency_key;  // "" = none
  Timestamp created_at = 0;
};

/// The outcome of a comment write: the comment, whether this call changed it (a new comment, a
/// comment that was live and is now deleted), and the post's live comment count after it.
struct CommentWrite {
  Comment comment;
  bool changed = false;
  std::int64_t post_comments = 0;
};

/// A position in a post's comments, which are read in (thread_id, id) order.
struct CommentCursor {
  std::int64_t thread_id = 0;
  std::int64_t id = 0;
};

struct CommentPage {
  std::vector<Comment> items;
  std::optional<CommentCursor> next;  // set only when more comments follow
};

/// Comments on posts. A post's comment count (Post::counts.comments) counts its live comments
/// and changes in the same transaction as they do.
class CommentStore {
 public:
  virtual ~CommentStore() = default;
  /// Stores a comment and adds one to its post's count. A reply to a reply is attached to the
  /// thread's top comment (parent_id becomes the thread's id). kNotFound (field "post_id") when
  /// the post does not exist, kGone when it is not live; kNotFound (field "parent_id") when the
  /// parent is not a comment of that post, kGone (field "parent_id") when it is deleted;
  /// kNotFound (field "author_id") for an unknown author. With an idempotency key the author
  /// used before: the first comment (changed false) when post, parent and body are the same,
  /// kConflict (field "idempotency_key") otherwise.
  virtual Result<CommentWrite> Create(const NewComment& comment) = 0;
  /// Any comment, deleted ones too. kNotFound when no comment has that id.
  virtual Result<Comment> Get(std::int64_t id) = 0;
  /// A post's comments in (thread_id, id) order after `after` (from the start when absent), at
  /// most `limit` (clamped to 1..100; kInvalidArgument below 1). The first page (no `after`)
  /// starts with the pinned comment's thread (at most `limit` of it), which later pages skip.
  /// Deleted comments are listed (their replies stay readable). Whatever the post's status.
  virtual Result<CommentPage> List(std::int64_t post_id, std::optional<CommentCursor> after,
                                   int limit) = 0;
  /// Marks a comment deleted (and unpinned) and takes one from its post's count. kNotFound when
  /// it does not exist; it is not an error if it was already deleted (changed false).
  virtual Result<CommentWrite> Delete(std::int64_t id, Timestamp at) = 0;
  /// Pins a live top comment (unpinning the post's other one) or unpins it. kNotFound when it
  /// does not exist, kGone when it is deleted, kInvalidArgument (field "comment_id") when it is a
  /// reply. Pinning the pinned comment or unpinning an unpinned one changes nothing.
  virtual Result<Comment> SetPinned(std::int64_t id, bool pinned, Timestamp at) = 0;
};

}  // namespace plaza
