#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "storage/comment_store.hpp"
#include "storage/like_store.hpp"
#include "storage/notification_store.hpp"
#include "storage/sqlite/database.hpp"

namespace plaza::sqlite {

/// CommentStore on SQLite; queries in sql/comment_store/.
class SqliteCommentStore final : public CommentStore {
 public:
  explicit SqliteCommentStore(Database& db) : db_(db) {}
  Result<CommentWrite> Create(const NewComment& comment) override;
  Result<Comment> Get(std::int64_t id) override;
  Result<CommentPage> List(std::int64_t post_id, std::optional<CommentCursor> after,
                           int limit) override;
  Result<CommentWrite> Delete(std::int64_t id, Timestamp at) override;
  Result<Comment> SetPinned(std::int64_t id, bool pinned, Timestamp at) override;

 private:
  Database& db_;
};

/// LikeStore on SQLite; queries in sql/like_store/.
class SqliteLikeStore final : public LikeStore {
 public:
  explicit SqliteLikeStore(Database& db) : db_(db) {}
  Result<LikeWrite> Like(LikeTarget target, std::int64_t target_id, std::int64_t user_id,
                         Timestamp at) override;
  Result<LikeWrite> Unlike(LikeTarget target, std::int64_t target_id,
                           std::int64_t user_id) override;
  Result<std::vector<std::int64_t>> LikedAmong(LikeTarget target, std::int64_t user_id,
                                               const std::vector<std::int64_t>& ids) override;

 private:
  Result<LikeWrite> Change(LikeTarget target, std::int64_t target_id, std::int64_t user_id,
                           std::optional<Timestamp> like_at);
  Database& db_;
};

/// NotificationStore on SQLite; queries in sql/notification_store/.
class SqliteNotificationStore final : public NotificationStore {
 public:
  explicit SqliteNotificationStore(Database& db) : db_(db) {}
  Result<NotificationWrite> Add(const NewNotification& notification) override;
  Result<NotificationPage> List(std::int64_t user_id, std::optional<std::int64_t> before_id,
                                int limit) override;
  Result<std::int64_t> UnreadCount(std::int64_t user_id) override;
  Result<std::int64_t> MarkRead(std::int64_t user_id, std::optional<std::int64_t> up_to_id,
                                Timestamp at) override;

 private:
  Database& db_;
};

/// Stores a notification and counts it unread, on `conn` inside the caller's write (the
/// notification store's Add, a tip's transaction): see NotificationStore::Add.
Result<NotificationWrite> AddNotification(Connection& conn, const NewNotification& notification);

}  // namespace plaza::sqlite
