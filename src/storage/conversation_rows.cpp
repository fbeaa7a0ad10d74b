#include "storage/conversation_rows.hpp"

#include <algorithm>
#include <string>

#include "storage/encoding.hpp"

namespace plaza::storage {

const char* CommentStatusName(CommentStatus status) {
  return status == CommentStatus::kDeleted ? "deleted" : "live";
}

const char* LikeTargetName(LikeTarget target) {
  return target == LikeTarget::kComment ? "comment" : "post";
}

Result<Comment> CommentFromRow(const Row& row) {
  Comment c;
  c.id = row.Int(0);
  c.post_id = row.Int(1);
  c.parent_id = row.Int(2);
  c.thread_id = row.Int(3);
  c.author_id = row.Int(4);
  c.author_handle = row.Text(5);
  c.author_display_name = row.Text(6);
  c.body = row.Text(7);
  c.lang = row.Text(8);
  const std::string status = row.Text(9);
  if (status == "live") {
    c.status = CommentStatus::kLive;
  } else if (status == "deleted") {
    c.status = CommentStatus::kDeleted;
  } else {
    return CorruptRow();
  }
  c.pinned = row.Int(10) != 0;
  c.likes = row.Int(11);
  c.created_at = row.Int(12);
  c.deleted_at = row.Int(13);
  c.tips = row.Int(14);
  return c;
}

Result<Notification> NotificationFromRow(const Row& row) {
  Notification n;
  n.id = row.Int(0);
  n.user_id = row.Int(1);
  n.kind = row.Text(2);
  n.actor_id = row.Int(3);
  n.actor_handle = row.Text(4);
  n.actor_display_name = row.Text(5);
  n.post_id = row.Int(6);
  n.comment_id = row.Int(7);
  n.text = row.Text(8);
  n.read = row.Int(9) != 0;
  n.created_at = row.Int(10);
  return n;
}

Status CheckNewComment(const NewComment& comment) {
  if (comment.post_id <= 0) return Fail(Errc::kNotFound, "post not found", "post_id");
  if (comment.parent_id < 0) return Fail(Errc::kNotFound, "parent not found", "parent_id");
  if (!IsStorableText(comment.body)) {
    return Fail(Errc::kInvalidArgument, "body is not storable text", "body");
  }
  if (!IsStorableText(comment.lang)) {
    return Fail(Errc::kInvalidArgument, "lang is not storable text", "lang");
  }
  if (!IsStorableText(comment.idempotency_key)) {
    return Fail(Errc::kInvalidArgument, "idempotency key is not storable text", "idempotency_key");
  }
  return {};
}

Status CheckNewNotification(const NewNotification& notification) {
  if (notification.kind.empty() || !IsStorableText(notification.kind)) {
    return Fail(Errc::kInvalidArgument, "kind must be non-empty text", "kind");
  }
  if (!IsStorableText(notification.text)) {
    return Fail(Errc::kInvalidArgument, "text is not storable text", "text");
  }
  if (!IsStorableText(notification.dedupe_key)) {
    return Fail(Errc::kInvalidArgument, "dedupe key is not storable text", "dedupe_key");
  }
  return {};
}

Result<int> CheckPageLimit(int limit) {
  if (limit < 1) return Fail(Errc::kInvalidArgument, "limit must be at least 1", "limit");
  return std::min(limit, kMaxConversationPage);
}

Status CheckCommentPost(bool found, std::string_view status) {
  if (!found) return Fail(Errc::kNotFound, "post not found", "post_id");
  if (status != "live") return Fail(Errc::kGone, "the post was deleted", "post_id");
  return {};
}

Result<std::int64_t> ParentThread(bool found, std::int64_t parent_post, std::int64_t thread_id,
                                  std::string_view status, std::int64_t post_id) {
  if (!found || parent_post != post_id) {
    return Fail(Errc::kNotFound, "parent_id is not a comment of this post", "parent_id");
  }
  if (status != "live") return Fail(Errc::kGone, "the parent comment was deleted", "parent_id");
  return thread_id;
}

Result<CommentWrite> RepeatedComment(Comment first, const NewComment& again,
                                     std::int64_t parent_thread, std::int64_t post_comments) {
  const std::int64_t first_parent = first.parent_id;
  if (first.post_id != again.post_id || first_parent != parent_thread || first.body != again.body) {
    return Fail(Errc::kConflict, "idempotency key was used for another comment", "idempotency_key");
  }
  return CommentWrite{std::move(first), false, post_comments};
}

Status CheckPinnable(bool found, std::string_view status, std::int64_t parent_id) {
  if (!found) return Fail(Errc::kNotFound, "comment not found", "comment_id");
  if (status != "live") return Fail(Errc::kGone, "the comment was deleted", "comment_id");
  if (parent_id != 0) {
    return Fail(Errc::kInvalidArgument, "only a top comment can be pinned", "comment_id");
  }
  return {};
}

Status CheckLikeTarget(LikeTarget target, bool found, std::string_view status,
                       std::string_view post_status) {
  const char* field = target == LikeTarget::kPost ? "post_id" : "comment_id";
  const char* what = target == LikeTarget::kPost ? "post" : "comment";
  if (!found) return Fail(Errc::kNotFound, std::string(what) + " not found", field);
  if (status != "live" || post_status != "live") {
    return Fail(Errc::kGone, std::string("the ") + what + " was deleted", field);
  }
  return {};
}

Error RefineMissing(Error error, const char* message, const char* field) {
  if (error.code != Errc::kNotFound) return error;
  return Refine(std::move(error), message, field);
}

void CloseCommentPage(CommentPage& page, std::size_t before, int limit) {
  // Rows after `before` are the keyset part of the page, read with one probe row.
  if (page.items.size() - before > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = CommentCursor{page.items.back().thread_id, page.items.back().id};
  }
}

void CloseNotificationPage(NotificationPage& page, int limit) {
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_before_id = page.items.back().id;
  }
}

}  // namespace plaza::storage
