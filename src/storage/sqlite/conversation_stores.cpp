#include "storage/sqlite/conversation_stores.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "storage/conversation_rows.hpp"
#include "storage/encoding.hpp"

namespace plaza::sqlite {

namespace {

Result<Comment> LoadComment(Connection& conn, std::int64_t id) {
  auto stmt = conn.Prepare(Query("comment_store/by_id"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(id);
  return ReadOne(*stmt, storage::CommentFromRow, "comment not found");
}

// Adds `delta` to the post's live comment count; returns the count after it.
Result<std::int64_t> BumpComments(Connection& conn, std::int64_t post_id, std::int64_t delta) {
  auto stmt = conn.Prepare(Query("comment_store/bump_post"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(delta).Bind(post_id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(Errc::kNotFound, "post not found", "post_id");
  return stmt->Int(0);
}

// The first comment stored under the author's idempotency key, if any.
Result<std::optional<std::int64_t>> CommentByKey(Connection& conn, const NewComment& comment) {
  if (comment.idempotency_key.empty()) return std::optional<std::int64_t>();
  auto stmt = conn.Prepare(Query("comment_store/by_key"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(comment.author_id).Bind(comment.idempotency_key);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt->Int(0));
}

Result<std::vector<Comment>> ReadComments(Statement& stmt) {
  return ReadRows(stmt, storage::CommentFromRow);
}

}  // namespace

Result<CommentWrite> SqliteCommentStore::Create(const NewComment& comment) {
  if (auto s = storage::CheckNewComment(comment); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<CommentWrite> {
    {
      auto stmt = conn.Prepare(Query("comment_store/post_state"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(comment.post_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      auto post = storage::CheckCommentPost(*row, *row ? stmt->Text(0) : "");
      if (!post) return std::unexpected(post.error());
    }
    std::int64_t thread = 0;
    if (comment.parent_id != 0) {
      auto stmt = conn.Prepare(Query("comment_store/parent"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(comment.parent_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      auto parent = *row ? storage::ParentThread(true, stmt->Int(0), stmt->Int(1), stmt->Text(2),
                                                 comment.post_id)
                         : storage::ParentThread(false, 0, 0, "", comment.post_id);
      if (!parent) return std::unexpected(parent.error());
      thread = *parent;
    }
    std::optional<std::int64_t> id;
    {
      auto stmt = conn.Prepare(Query("comment_store/insert"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(comment.post_id)
          .Bind(thread)
          .Bind(thread)
          .Bind(comment.author_id)
          .Bind(comment.body)
          .Bind(comment.lang)
          .Bind(comment.idempotency_key)
          .Bind(comment.created_at);
      auto row = stmt->Step();
      if (!row) {
        return std::unexpected(
            storage::RefineMissing(row.error(), "author not found", "author_id"));
      }
      if (*row) id = stmt->Int(0);
    }
    if (!id) {
      // The key was used before: the first comment, if it is the same one.
      auto first_id = CommentByKey(conn, comment);
      if (!first_id) return std::unexpected(first_id.error());
      if (!*first_id) return Fail(Errc::kInternal, "storage failure: idempotency key vanished");
      auto first = LoadComment(conn, **first_id);
      if (!first) return std::unexpected(first.error());
      auto count = BumpComments(conn, comment.post_id, 0);
      if (!count) return std::unexpected(count.error());
      return storage::RepeatedComment(std::move(*first), comment, thread, *count);
    }
    if (thread == 0) {
      auto stmt = conn.Prepare(Query("comment_store/set_thread"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(*id);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    }
    auto count = BumpComments(conn, comment.post_id, 1);
    if (!count) return std::unexpected(count.error());
    auto stored = LoadComment(conn, *id);
    if (!stored) return std::unexpected(stored.error());
    return CommentWrite{std::move(*stored), true, *count};
  });
}

Result<Comment> SqliteCommentStore::Get(std::int64_t id) {
  return db_.Read([&](Connection& conn) { return LoadComment(conn, id); });
}

Result<CommentPage> SqliteCommentStore::List(std::int64_t post_id,
                                             std::optional<CommentCursor> after, int limit) {
  auto size = storage::CheckPageLimit(limit);
  if (!size) return std::unexpected(size.error());
  return db_.Read([&](Connection& conn) -> Result<CommentPage> {
    std::int64_t pinned = 0;
    {
      auto stmt = conn.Prepare(Query("comment_store/pinned_id"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(post_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (*row) pinned = stmt->Int(0);
    }
    CommentPage page;
    if (pinned != 0 && !after) {
      auto stmt = conn.Prepare(Query("comment_store/thread"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(post_id).Bind(pinned).Bind(static_cast<std::int64_t>(*size));
      auto items = ReadComments(*stmt);
      if (!items) return std::unexpected(items.error());
      page.items = std::move(*items);
    }
    const std::size_t before = page.items.size();
    const CommentCursor from = after.value_or(CommentCursor{0, 0});
    auto stmt = conn.Prepare(Query("comment_store/page"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id)
        .Bind(pinned)
        .Bind(from.thread_id)
        .Bind(from.id)
        .Bind(static_cast<std::int64_t>(*size) + 1);
    auto items = ReadComments(*stmt);
    if (!items) return std::unexpected(items.error());
    for (auto& c : *items) page.items.push_back(std::move(c));
    storage::CloseCommentPage(page, before, *size);
    return page;
  });
}

Result<CommentWrite> SqliteCommentStore::Delete(std::int64_t id, Timestamp at) {
  return db_.Write([&](Connection& conn) -> Result<CommentWrite> {
    auto found = LoadComment(conn, id);
    if (!found) return std::unexpected(found.error());
    {
      auto stmt = conn.Prepare(Query("comment_store/mark_deleted"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(at).Bind(id);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    }
    const bool changed = conn.Changes() > 0;
    auto count = BumpComments(conn, found->post_id, changed ? -1 : 0);
    if (!count) return std::unexpected(count.error());
    auto stored = LoadComment(conn, id);
    if (!stored) return std::unexpected(stored.error());
    return CommentWrite{std::move(*stored), changed, *count};
  });
}

Result<Comment> SqliteCommentStore::SetPinned(std::int64_t id, bool pinned, Timestamp at) {
  return db_.Write([&](Connection& conn) -> Result<Comment> {
    {
      auto stmt = conn.Prepare(Query("comment_store/parent"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      auto ok = *row ? storage::CheckPinnable(true, stmt->Text(2), stmt->Int(3))
                     : storage::CheckPinnable(false, "", 0);
      if (!ok) return std::unexpected(ok.error());
      if (pinned) {
        const std::int64_t post_id = stmt->Int(0);
        auto unpin = conn.Prepare(Query("comment_store/unpin_others"));
        if (!unpin) return std::unexpected(unpin.error());
        unpin->Bind(post_id).Bind(id);
        if (auto s = unpin->Run(); !s) return std::unexpected(s.error());
      }
    }
    auto stmt = conn.Prepare(Query("comment_store/set_pinned"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(pinned ? std::max<Timestamp>(at, 1) : 0).Bind(id);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return LoadComment(conn, id);
  });
}

Result<LikeWrite> SqliteLikeStore::Like(LikeTarget target, std::int64_t target_id,
                                        std::int64_t user_id, Timestamp at) {
  return Change(target, target_id, user_id, at);
}

Result<LikeWrite> SqliteLikeStore::Unlike(LikeTarget target, std::int64_t target_id,
                                          std::int64_t user_id) {
  return Change(target, target_id, user_id, std::nullopt);
}

Result<LikeWrite> SqliteLikeStore::Change(LikeTarget target, std::int64_t target_id,
                                          std::int64_t user_id, std::optional<Timestamp> like_at) {
  const bool is_post = target == LikeTarget::kPost;
  return db_.Write([&](Connection& conn) -> Result<LikeWrite> {
    LikeWrite write;
    {
      auto stmt =
          conn.Prepare(Query(is_post ? "like_store/post_target" : "like_store/comment_target"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(target_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      auto ok = *row ? storage::CheckLikeTarget(target, true, stmt->Text(0), stmt->Text(3))
                     : storage::CheckLikeTarget(target, false, "", "");
      if (!ok) return std::unexpected(ok.error());
      write.owner_id = stmt->Int(1);
      write.post_id = stmt->Int(2);
    }
    {
      auto stmt = conn.Prepare(Query(like_at ? "like_store/insert" : "like_store/delete"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(storage::LikeTargetName(target)).Bind(target_id).Bind(user_id);
      if (like_at) stmt->Bind(*like_at);
      if (auto s = stmt->Run(); !s) {
        return std::unexpected(storage::RefineMissing(s.error(), "user not found", "user_id"));
      }
      write.changed = conn.Changes() > 0;
    }
    auto stmt = conn.Prepare(Query(is_post ? "like_store/bump_post" : "like_store/bump_comment"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(std::int64_t{write.changed ? (like_at ? 1 : -1) : 0}).Bind(target_id);
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(Errc::kNotFound, "like target not found");
    write.likes = stmt->Int(0);
    return write;
  });
}

Result<std::vector<std::int64_t>> SqliteLikeStore::LikedAmong(
    LikeTarget target, std::int64_t user_id, const std::vector<std::int64_t>& ids) {
  if (ids.size() > 1000) return Fail(Errc::kInvalidArgument, "at most 1000 ids", "ids");
  std::string json = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) json += ',';
    json += std::to_string(ids[i]);
  }
  json += ']';
  return db_.Read([&](Connection& conn) -> Result<std::vector<std::int64_t>> {
    auto stmt = conn.Prepare(Query("like_store/liked_among"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id).Bind(storage::LikeTargetName(target)).Bind(json);
    std::vector<std::int64_t> liked;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return liked;
      liked.push_back(stmt->Int(0));
    }
  });
}

namespace {

Result<std::int64_t> Unread(Connection& conn, std::int64_t user_id) {
  auto stmt = conn.Prepare(Query("notification_store/unread"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(user_id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt->Int(0) : 0;
}

// Runs one of the unread counter's statements (a count after it, or none when no row).
Result<std::int64_t> CountUnread(Statement& stmt) {
  auto row = stmt.Step();
  if (!row) return std::unexpected(row.error());
  return *row ? stmt.Int(0) : 0;
}

}  // namespace

Result<NotificationWrite> AddNotification(Connection& conn, const NewNotification& n) {
  if (auto s = storage::CheckNewNotification(n); !s) return std::unexpected(s.error());
  NotificationWrite write;
  std::optional<std::int64_t> id;
  {
    auto stmt = conn.Prepare(Query("notification_store/insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(n.user_id)
        .Bind(n.kind)
        .Bind(n.actor_id)
        .Bind(n.post_id)
        .Bind(n.comment_id)
        .Bind(n.text)
        .Bind(n.dedupe_key)
        .Bind(n.created_at);
    auto row = stmt->Step();
    if (!row)
      return std::unexpected(storage::RefineMissing(row.error(), "user not found", "user_id"));
    if (*row) id = stmt->Int(0);
  }
  if (!id) {  // a repeated dedupe key: nothing changed
    auto unread = Unread(conn, n.user_id);
    if (!unread) return std::unexpected(unread.error());
    write.unread = *unread;
    return write;
  }
  {
    auto stmt = conn.Prepare(Query("notification_store/by_id"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(*id);
    auto stored = ReadOne(*stmt, storage::NotificationFromRow, "notification not found");
    if (!stored) return std::unexpected(stored.error());
    write.created = std::move(*stored);
  }
  auto stmt = conn.Prepare(Query("notification_store/count_unread"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(n.user_id);
  auto unread = CountUnread(*stmt);
  if (!unread) return std::unexpected(unread.error());
  write.unread = *unread;
  return write;
}

Result<NotificationWrite> SqliteNotificationStore::Add(const NewNotification& n) {
  if (auto s = storage::CheckNewNotification(n); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) { return AddNotification(conn, n); });
}

Result<NotificationPage> SqliteNotificationStore::List(std::int64_t user_id,
                                                       std::optional<std::int64_t> before_id,
                                                       int limit) {
  auto size = storage::CheckPageLimit(limit);
  if (!size) return std::unexpected(size.error());
  return db_.Read([&](Connection& conn) -> Result<NotificationPage> {
    auto stmt = conn.Prepare(Query("notification_store/page"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id)
        .Bind(storage::ListCursor(before_id))
        .Bind(static_cast<std::int64_t>(*size) + 1);
    auto items = ReadRows(*stmt, storage::NotificationFromRow);
    if (!items) return std::unexpected(items.error());
    NotificationPage page{std::move(*items), std::nullopt};
    storage::CloseNotificationPage(page, *size);
    return page;
  });
}

Result<std::int64_t> SqliteNotificationStore::UnreadCount(std::int64_t user_id) {
  return db_.Read([&](Connection& conn) { return Unread(conn, user_id); });
}

Result<std::int64_t> SqliteNotificationStore::MarkRead(std::int64_t user_id,
                                                       std::optional<std::int64_t> up_to_id,
                                                       Timestamp at) {
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("notification_store/mark_read"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(std::max<Timestamp>(at, 1))
        .Bind(user_id)
        .Bind(up_to_id.value_or(std::numeric_limits<std::int64_t>::max()));
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    const std::int64_t marked = conn.Changes();
    if (marked == 0) return Unread(conn, user_id);
    auto uncount = conn.Prepare(Query("notification_store/uncount_unread"));
    if (!uncount) return std::unexpected(uncount.error());
    uncount->Bind(marked).Bind(user_id);
    return CountUnread(*uncount);
  });
}

}  // namespace plaza::sqlite
