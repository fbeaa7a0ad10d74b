#pragma once

// Comments, likes and notifications in either backend: row conversions, the checks on what is
// stored and the decisions both backends take the same way (comment_store, like_store and
// notification_store in sqlite/ and postgres/).

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "storage/comment_store.hpp"
#include "storage/like_store.hpp"
#include "storage/notification_store.hpp"
#include "storage/rows.hpp"

namespace plaza::storage {

/// Most comments or notifications one List() call returns.
constexpr int kMaxConversationPage = 100;

const char* CommentStatusName(CommentStatus status);
/// "post" or "comment".
const char* LikeTargetName(LikeTarget target);

/// Columns of comment_store/by_id.sql (and the list statements).
Result<Comment> CommentFromRow(const Row& row);
/// Columns of notification_store/by_id.sql (and page.sql).
Result<Notification> NotificationFromRow(const Row& row);

/// kInvalidArgument (naming the field) unless the comment's strings are storable and its ids
/// positive (parent_id may be 0).
Status CheckNewComment(const NewComment& comment);
/// kInvalidArgument unless the kind is non-empty and every string storable.
Status CheckNewNotification(const NewNotification& notification);
/// The page size used: kInvalidArgument below 1, clamped to kMaxConversationPage.
Result<int> CheckPageLimit(int limit);

/// What a comment write finds of its post: kNotFound (field "post_id") unless found, kGone
/// unless live.
Status CheckCommentPost(bool found, std::string_view status);
/// The thread a new comment joins, from what was found of its parent (`found`, its post, thread
/// and status): the thread's id, kNotFound (field "parent_id") when the parent is missing or on
/// another post, kGone (field "parent_id") when it is deleted.
Result<std::int64_t> ParentThread(bool found, std::int64_t parent_post, std::int64_t thread_id,
                                  std::string_view status, std::int64_t post_id);
/// A repeated idempotency key: `first` (changed false) when it is the same comment (post,
/// thread parent and body), kConflict (field "idempotency_key") otherwise.
Result<CommentWrite> RepeatedComment(Comment first, const NewComment& again,
                                     std::int64_t parent_thread, std::int64_t post_comments);
/// What a pin finds of its comment: kNotFound, kGone when deleted, kInvalidArgument (field
/// "comment_id") for a reply.
Status CheckPinnable(bool found, std::string_view status, std::int64_t parent_id);
/// What a like finds of its target (`found`, its status, the status of a comment's post): the
/// errors of LikeStore::Like.
Status CheckLikeTarget(LikeTarget target, bool found, std::string_view status,
                       std::string_view post_status);
/// `error` with `message` and `field` when it is kNotFound (a foreign key: the user or author is
/// missing), unchanged otherwise.
Error RefineMissing(Error error, const char* message, const char* field);
/// Fills next from a page read with one row more than `limit`, dropping that row.
void CloseCommentPage(CommentPage& page, std::size_t before, int limit);
void CloseNotificationPage(NotificationPage& page, int limit);

}  // namespace plaza::storage
