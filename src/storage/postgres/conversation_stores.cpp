#include "storage/postgres/conversation_stores.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "storage/conversation_rows.hpp"
#include "storage/encoding.hpp"

namespace plaza::pg {

namespace {

Result<Comment> LoadComment(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(Query("comment_store/by_id"), {id});
  if (!rows) return std::unexpected(rows.error());
  return ReadOne(*rows, storage::CommentFromRow, "comment not found");
}

// Adds `delta` to the post's live comment count; returns the count after it.
Result<std::int64_t> BumpComments(PgConnection& conn, std::int64_t post_id, std::int64_t delta) {
  auto rows = conn.Exec(Query("comment_store/bump_post"), {delta, post_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return Fail(Errc::kNotFound, "post not found", "post_id");
  return rows->Int(0, 0);
}

}  // namespace

Result<CommentWrite> PgCommentStore::Create(const NewComment& comment) {
  if (auto s = storage::CheckNewComment(comment); !s) return std::unexpected(s.error());
  return pool_.InTransaction([&](PgConnection& conn) -> Result<CommentWrite> {
    {
      auto rows = conn.Exec(Query("comment_store/post_state"), {comment.post_id});
      if (!rows) return std::unexpected(rows.error());
      auto post =
          storage::CheckCommentPost(rows->Rows() > 0, rows->Rows() > 0 ? rows->Text(0, 0) : "");
      if (!post) return std::unexpected(post.error());
    }
    std::int64_t thread = 0;
    if (comment.parent_id != 0) {
      auto rows = conn.Exec(Query("comment_store/parent"), {comment.parent_id});
      if (!rows) return std::unexpected(rows.error());
      auto parent = rows->Rows() > 0 ? storage::ParentThread(true, rows->Int(0, 0), rows->Int(0, 1),
                                                             rows->Text(0, 2), comment.post_id)
                                     : storage::ParentThread(false, 0, 0, "", comment.post_id);
      if (!parent) return std::unexpected(parent.error());
      thread = *parent;
    }
    auto inserted = conn.Exec(Query("comment_store/insert"),
                              {comment.post_id, thread, thread, comment.author_id, comment.body,
                               comment.lang, comment.idempotency_key, comment.created_at});
    if (!inserted) {
      return std::unexpected(
          storage::RefineMissing(inserted.error(), "author not found", "author_id"));
    }
    if (inserted->Rows() == 0) {
      // The key was used before: the first comment, if it is the same one.
      auto first_id =
          conn.Exec(Query("comment_store/by_key"), {comment.author_id, comment.idempotency_key});
      if (!first_id) return std::unexpected(first_id.error());
      if (first_id->Rows() == 0) {
        return Fail(Errc::kInternal, "storage failure: idempotency key vanished");
      }
      auto first = LoadComment(conn, first_id->Int(0, 0));
      if (!first) return std::unexpected(first.error());
      auto count = BumpComments(conn, comment.post_id, 0);
      if (!count) return std::unexpected(count.error());
      return storage::RepeatedComment(std::move(*first), comment, thread, *count);
    }
    const std::int64_t id = inserted->Int(0, 0);
    if (thread == 0) {
      auto set = conn.Exec(Query("comment_store/set_thread"), {id});
      if (!set) return std::unexpected(set.error());
    }
    auto count = BumpComments(conn, comment.post_id, 1);
    if (!count) return std::unexpected(count.error());
    auto stored = LoadComment(conn, id);
    if (!stored) return std::unexpected(stored.error());
    return CommentWrite{std::move(*stored), true, *count};
  });
}

Result<Comment> PgCommentStore::Get(std::int64_t id) {
  return pool_.WithConnection([&](PgConnection& conn) { return LoadComment(conn, id); });
}

Result<CommentPage> PgCommentStore::List(std::int64_t post_id, std::optional<CommentCursor> after,
                                         int limit) {
  auto size = storage::CheckPageLimit(limit);
  if (!size) return std::unexpected(size.error());
  // One snapshot for the pinned thread and the page.
  return pool_.InTransaction([&](PgConnection& conn) -> Result<CommentPage> {
    auto pinned_rows = conn.Exec(Query("comment_store/pinned_id"), {post_id});
    if (!pinned_rows) return std::unexpected(pinned_rows.error());
    const std::int64_t pinned = pinned_rows->Rows() > 0 ? pinned_rows->Int(0, 0) : 0;
    CommentPage page;
    if (pinned != 0 && !after) {
      auto rows = conn.Exec(Query("comment_store/thread"), {post_id, pinned, *size});
      if (!rows) return std::unexpected(rows.error());
      auto items = ReadRows(*rows, storage::CommentFromRow);
      if (!items) return std::unexpected(items.error());
      page.items = std::move(*items);
    }
    const std::size_t before = page.items.size();
    const CommentCursor from = after.value_or(CommentCursor{0, 0});
    auto rows = conn.Exec(Query("comment_store/page"),
                          {post_id, pinned, from.thread_id, from.id, *size + 1});
    if (!rows) return std::unexpected(rows.error());
    auto items = ReadRows(*rows, storage::CommentFromRow);
    if (!items) return std::unexpected(items.error());
    for (auto& c : *items) page.items.push_back(std::move(c));
    storage::CloseCommentPage(page, before, *size);
    return page;
  });
}

Result<CommentWrite> PgCommentStore::Delete(std::int64_t id, Timestamp at) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<CommentWrite> {
    auto found = LoadComment(conn, id);
    if (!found) return std::unexpected(found.error());
    auto marked = conn.Exec(Query("comment_store/mark_deleted"), {at, id});
    if (!marked) return std::unexpected(marked.error());
    const bool changed = marked->Affected() > 0;
    auto count = BumpComments(conn, found->post_id, changed ? -1 : 0);
    if (!count) return std::unexpected(count.error());
    auto stored = LoadComment(conn, id);
    if (!stored) return std::unexpected(stored.error());
    return CommentWrite{std::move(*stored), changed, *count};
  });
}

Result<Comment> PgCommentStore::SetPinned(std::int64_t id, bool pinned, Timestamp at) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<Comment> {
    auto rows = conn.Exec(Query("comment_store/parent"), {id});
    if (!rows) return std::unexpected(rows.error());
    auto ok = rows->Rows() > 0 ? storage::CheckPinnable(true, rows->Text(0, 2), rows->Int(0, 3))
                               : storage::CheckPinnable(false, "", 0);
    if (!ok) return std::unexpected(ok.error());
    if (pinned) {
      auto unpin = conn.Exec(Query("comment_store/unpin_others"), {rows->Int(0, 0), id});
      if (!unpin) return std::unexpected(unpin.error());
    }
    auto set = conn.Exec(Query("comment_store/set_pinned"),
                         {pinned ? std::max<Timestamp>(at, 1) : Timestamp{0}, id});
    if (!set) return std::unexpected(set.error());
    return LoadComment(conn, id);
  });
}

Result<LikeWrite> PgLikeStore::Like(LikeTarget target, std::int64_t target_id, std::int64_t user_id,
                                    Timestamp at) {
  return Change(target, target_id, user_id, at);
}

Result<LikeWrite> PgLikeStore::Unlike(LikeTarget target, std::int64_t target_id,
                                      std::int64_t user_id) {
  return Change(target, target_id, user_id, std::nullopt);
}

Result<LikeWrite> PgLikeStore::Change(LikeTarget target, std::int64_t target_id,
                                      std::int64_t user_id, std::optional<Timestamp> like_at) {
  const bool is_post = target == LikeTarget::kPost;
  return pool_.InTransaction([&](PgConnection& conn) -> Result<LikeWrite> {
    LikeWrite write;
    auto found = conn.Exec(Query(is_post ? "like_store/post_target" : "like_store/comment_target"),
                           {target_id});
    if (!found) return std::unexpected(found.error());
    auto ok = found->Rows() > 0
                  ? storage::CheckLikeTarget(target, true, found->Text(0, 0), found->Text(0, 3))
                  : storage::CheckLikeTarget(target, false, "", "");
    if (!ok) return std::unexpected(ok.error());
    write.owner_id = found->Int(0, 1);
    write.post_id = found->Int(0, 2);
    const char* name = storage::LikeTargetName(target);
    auto changed = like_at
                       ? conn.Exec(Query("like_store/insert"), {name, target_id, user_id, *like_at})
                       : conn.Exec(Query("like_store/delete"), {name, target_id, user_id});
    if (!changed) {
      return std::unexpected(storage::RefineMissing(changed.error(), "user not found", "user_id"));
    }
    write.changed = changed->Affected() > 0;
    const std::int64_t delta = write.changed ? (like_at ? 1 : -1) : 0;
    auto rows = conn.Exec(Query(is_post ? "like_store/bump_post" : "like_store/bump_comment"),
                          {delta, target_id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() == 0) return Fail(Errc::kNotFound, "like target not found");
    write.likes = rows->Int(0, 0);
    return write;
  });
}

Result<std::vector<std::int64_t>> PgLikeStore::LikedAmong(LikeTarget target, std::int64_t user_id,
                                                          const std::vector<std::int64_t>& ids) {
  if (ids.size() > 1000) return Fail(Errc::kInvalidArgument, "at most 1000 ids", "ids");
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<std::int64_t>> {
    auto rows = conn.Exec(Query("like_store/liked_among"),
                          {user_id, storage::LikeTargetName(target), IntArrayLiteral(ids)});
    if (!rows) return std::unexpected(rows.error());
    std::vector<std::int64_t> liked;
    for (int i = 0; i < rows->Rows(); ++i) liked.push_back(rows->Int(i, 0));
    return liked;
  });
}

namespace {

// The unread count a query on the counter returned (no row: none unread).
Result<std::int64_t> UnreadOf(const Result<PgResult>& rows) {
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0 ? rows->Int(0, 0) : 0;
}

Result<std::int64_t> Unread(PgConnection& conn, std::int64_t user_id) {
  return UnreadOf(conn.Exec(Query("notification_store/unread"), {user_id}));
}

}  // namespace

Result<NotificationWrite> AddNotification(PgConnection& conn, const NewNotification& n) {
  if (auto s = storage::CheckNewNotification(n); !s) return std::unexpected(s.error());
  NotificationWrite write;
  auto inserted = conn.Exec(
      Query("notification_store/insert"),
      {n.user_id, n.kind, n.actor_id, n.post_id, n.comment_id, n.text, n.dedupe_key, n.created_at});
  if (!inserted) {
    return std::unexpected(storage::RefineMissing(inserted.error(), "user not found", "user_id"));
  }
  if (inserted->Rows() == 0) {  // a repeated dedupe key: nothing changed
    auto unread = Unread(conn, n.user_id);
    if (!unread) return std::unexpected(unread.error());
    write.unread = *unread;
    return write;
  }
  auto rows = conn.Exec(Query("notification_store/by_id"), {inserted->Int(0, 0)});
  if (!rows) return std::unexpected(rows.error());
  auto stored = ReadOne(*rows, storage::NotificationFromRow, "notification not found");
  if (!stored) return std::unexpected(stored.error());
  write.created = std::move(*stored);
  auto unread = UnreadOf(conn.Exec(Query("notification_store/count_unread"), {n.user_id}));
  if (!unread) return std::unexpected(unread.error());
  write.unread = *unread;
  return write;
}

Result<NotificationWrite> PgNotificationStore::Add(const NewNotification& n) {
  if (auto s = storage::CheckNewNotification(n); !s) return std::unexpected(s.error());
  return pool_.InTransaction([&](PgConnection& conn) { return AddNotification(conn, n); });
}

Result<NotificationPage> PgNotificationStore::List(std::int64_t user_id,
                                                   std::optional<std::int64_t> before_id,
                                                   int limit) {
  auto size = storage::CheckPageLimit(limit);
  if (!size) return std::unexpected(size.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<NotificationPage> {
    auto rows = conn.Exec(Query("notification_store/page"),
                          {user_id, storage::ListCursor(before_id), *size + 1});
    if (!rows) return std::unexpected(rows.error());
    auto items = ReadRows(*rows, storage::NotificationFromRow);
    if (!items) return std::unexpected(items.error());
    NotificationPage page{std::move(*items), std::nullopt};
    storage::CloseNotificationPage(page, *size);
    return page;
  });
}

Result<std::int64_t> PgNotificationStore::UnreadCount(std::int64_t user_id) {
  return pool_.WithConnection([&](PgConnection& conn) { return Unread(conn, user_id); });
}

Result<std::int64_t> PgNotificationStore::MarkRead(std::int64_t user_id,
                                                   std::optional<std::int64_t> up_to_id,
                                                   Timestamp at) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<std::int64_t> {
    auto marked = conn.Exec(Query("notification_store/mark_read"),
                            {std::max<Timestamp>(at, 1), user_id,
                             up_to_id.value_or(std::numeric_limits<std::int64_t>::max())});
    if (!marked) return std::unexpected(marked.error());
    // Rows another transaction marked first are not marked (nor counted) again here: the
    // UPDATE rechecks read_at = 0 on each row after waiting for its lock.
    if (marked->Affected() == 0) return Unread(conn, user_id);
    return UnreadOf(
        conn.Exec(Query("notification_store/uncount_unread"), {marked->Affected(), user_id}));
  });
}

}  // namespace plaza::pg
