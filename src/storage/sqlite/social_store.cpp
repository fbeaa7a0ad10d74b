#include "storage/sqlite/social_store.hpp"

#include "storage/encoding.hpp"
#include "storage/social_rows.hpp"

namespace plaza::sqlite {
namespace {

// The post a write targets, checked inside the write's transaction: its author, or kNotFound /
// kGone.
Result<std::int64_t> LivePostAuthor(Connection& conn, std::int64_t post_id) {
  auto stmt = conn.Prepare(Query("social_store/post_state"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(post_id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  auto target = storage::CheckSocialTarget(*row, *row ? stmt->Text(0) : "");
  if (!target) return std::unexpected(target.error());
  return stmt->Int(1);
}

Result<PostCounts> ReadCounts(Connection& conn, std::int64_t post_id) {
  auto stmt = conn.Prepare(Query("social_store/counts"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(post_id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(Errc::kNotFound, "no post has that id");
  return storage::CountsFromRow(*stmt);
}

// Applies count deltas to the post and reads its counts back.
Result<EngagementWrite> AddCounts(Connection& conn, std::int64_t post_id, std::int64_t reposts,
                                  std::int64_t quotes, std::int64_t shares) {
  const bool changed = reposts != 0 || quotes != 0 || shares != 0;
  if (changed) {
    auto stmt = conn.Prepare(Query("social_store/add_counts"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(reposts).Bind(quotes).Bind(shares).Bind(post_id);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
  }
  auto counts = ReadCounts(conn, post_id);
  if (!counts) return std::unexpected(counts.error());
  return EngagementWrite{changed, *counts};
}

// The reader's repost quote (nullopt: no repost).
Result<std::optional<std::string>> StoredQuote(Connection& conn, std::int64_t post_id,
                                               std::int64_t user_id) {
  auto stmt = conn.Prepare(Query("social_store/repost_quote"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(post_id).Bind(user_id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->Text(0));
}

Result<bool> Exists(Connection& conn, const char* sql, std::int64_t a, std::int64_t b) {
  auto stmt = conn.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(a).Bind(b);
  return stmt->Step();
}

// Runs a statement with two ids that changes at most one row: true when it did.
Result<bool> ChangeOne(Connection& conn, const char* sql, std::int64_t a, std::int64_t b) {
  auto stmt = conn.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(a).Bind(b);
  if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
  return conn.Changes() > 0;
}

}  // namespace

Result<EngagementWrite> SqliteSocialStore::Repost(std::int64_t post_id, std::int64_t user_id,
                                                  const std::string& quote, Timestamp at) {
  if (auto s = storage::CheckQuote(quote); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<EngagementWrite> {
    if (auto post = LivePostAuthor(conn, post_id); !post) return std::unexpected(post.error());
    auto before = StoredQuote(conn, post_id, user_id);
    if (!before) return std::unexpected(before.error());
    if (*before && **before == quote) return AddCounts(conn, post_id, 0, 0, 0);
    auto stmt = conn.Prepare(
        Query(*before ? "social_store/repost_set_quote" : "social_store/repost_insert"));
    if (!stmt) return std::unexpected(stmt.error());
    if (*before) {
      stmt->Bind(quote).Bind(post_id).Bind(user_id);
    } else {
      stmt->Bind(post_id).Bind(user_id).Bind(quote).Bind(at);
    }
    if (auto s = stmt->Run(); !s) {
      return std::unexpected(storage::Refine(s.error(), "user not found", "user_id"));
    }
    const auto delta = storage::RepostDeltaOf(*before, quote);
    auto write = AddCounts(conn, post_id, delta.reposts, delta.quotes, 0);
    if (write) write->changed = true;
    return write;
  });
}

Result<EngagementWrite> SqliteSocialStore::Unrepost(std::int64_t post_id, std::int64_t user_id) {
  return db_.Write([&](Connection& conn) -> Result<EngagementWrite> {
    if (auto post = LivePostAuthor(conn, post_id); !post) return std::unexpected(post.error());
    auto before = StoredQuote(conn, post_id, user_id);
    if (!before) return std::unexpected(before.error());
    if (!*before) return AddCounts(conn, post_id, 0, 0, 0);
    auto deleted = ChangeOne(conn, Query("social_store/repost_delete"), post_id, user_id);
    if (!deleted) return std::unexpected(deleted.error());
    const auto delta = storage::RepostDeltaOf(*before, std::nullopt);
    return AddCounts(conn, post_id, delta.reposts, delta.quotes, 0);
  });
}

Result<EngagementWrite> SqliteSocialStore::Share(std::int64_t post_id, std::int64_t user_id,
                                                 Timestamp at) {
  return db_.Write([&](Connection& conn) -> Result<EngagementWrite> {
    if (auto post = LivePostAuthor(conn, post_id); !post) return std::unexpected(post.error());
    auto stmt = conn.Prepare(Query("social_store/share_insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id).Bind(user_id).Bind(at);
    if (auto s = stmt->Run(); !s) {
      return std::unexpected(storage::Refine(s.error(), "user not found", "user_id"));
    }
    return AddCounts(conn, post_id, 0, 0, conn.Changes() > 0 ? 1 : 0);
  });
}

Result<bool> SqliteSocialStore::Pin(std::int64_t author_id, std::int64_t post_id, Timestamp at) {
  return db_.Write([&](Connection& conn) -> Result<bool> {
    auto author = LivePostAuthor(conn, post_id);
    if (!author) return std::unexpected(author.error());
    if (auto s = storage::CheckPinner(*author, author_id); !s) return std::unexpected(s.error());
    auto pinned = Exists(conn, Query("social_store/pin_exists"), author_id, post_id);
    if (!pinned) return std::unexpected(pinned.error());
    if (*pinned) return false;
    auto count = conn.Prepare(Query("social_store/pin_count"));
    if (!count) return std::unexpected(count.error());
    count->Bind(author_id);
    auto row = count->Step();
    if (!row) return std::unexpected(row.error());
    if (auto s = storage::CheckPinRoom(*row ? count->Int(0) : 0); !s) {
      return std::unexpected(s.error());
    }
    auto stmt = conn.Prepare(Query("social_store/pin_insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(author_id).Bind(post_id).Bind(at);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes() > 0;
  });
}

Result<bool> SqliteSocialStore::Unpin(std::int64_t author_id, std::int64_t post_id) {
  return db_.Write([&](Connection& conn) {
    return ChangeOne(conn, Query("social_store/pin_delete"), author_id, post_id);
  });
}

Result<std::vector<PostCard>> SqliteSocialStore::PinnedCards(std::int64_t author_id) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<PostCard>> {
    auto stmt = conn.Prepare(Query("social_store/pinned_cards"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(static_cast<std::int64_t>(kCardHtmlHeadBytes + 1)).Bind(author_id);
    return ReadRows(*stmt, storage::CardFromRow);
  });
}

Result<bool> SqliteSocialStore::Follow(std::int64_t follower_id, std::int64_t followee_id,
                                       Timestamp at) {
  if (auto s = storage::CheckFollow(follower_id, followee_id); !s) {
    return std::unexpected(s.error());
  }
  return db_.Write([&](Connection& conn) -> Result<bool> {
    auto stmt = conn.Prepare(Query("social_store/follow_insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(follower_id).Bind(followee_id).Bind(at);
    if (auto s = stmt->Run(); !s) {
      return std::unexpected(storage::Refine(s.error(), "user not found", "handle"));
    }
    return conn.Changes() > 0;
  });
}

Result<bool> SqliteSocialStore::Unfollow(std::int64_t follower_id, std::int64_t followee_id) {
  return db_.Write([&](Connection& conn) {
    return ChangeOne(conn, Query("social_store/follow_delete"), follower_id, followee_id);
  });
}

Result<bool> SqliteSocialStore::IsFollowing(std::int64_t follower_id, std::int64_t followee_id) {
  return db_.Read([&](Connection& conn) {
    return Exists(conn, Query("social_store/follow_exists"), follower_id, followee_id);
  });
}

Result<FollowPage> SqliteSocialStore::FollowList(const char* sql, std::int64_t user_id,
                                                 std::optional<std::int64_t> before_id, int limit) {
  auto page_size = storage::CheckListLimit(limit);
  if (!page_size) return std::unexpected(page_size.error());
  return db_.Read([&](Connection& conn) -> Result<FollowPage> {
    auto stmt = conn.Prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id)
        .Bind(storage::ListCursor(before_id))
        .Bind(static_cast<std::int64_t>(*page_size + 1));
    auto items = ReadRows(*stmt, storage::FollowFromRow);
    if (!items) return std::unexpected(items.error());
    FollowPage page{std::move(*items), std::nullopt};
    storage::ClosePage(page, *page_size);
    return page;
  });
}

Result<FollowPage> SqliteSocialStore::Followers(std::int64_t user_id,
                                                std::optional<std::int64_t> before_id, int limit) {
  return FollowList(Query("social_store/followers"), user_id, before_id, limit);
}

Result<FollowPage> SqliteSocialStore::Following(std::int64_t user_id,
                                                std::optional<std::int64_t> before_id, int limit) {
  return FollowList(Query("social_store/following"), user_id, before_id, limit);
}

Result<FollowCounts> SqliteSocialStore::CountFollows(std::int64_t user_id) {
  return db_.Read([&](Connection& conn) -> Result<FollowCounts> {
    auto stmt = conn.Prepare(Query("social_store/follow_counts"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(user_id).Bind(user_id);
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    return FollowCounts{stmt->Int(0), stmt->Int(1)};
  });
}

Result<PostCardPage> SqliteSocialStore::FollowedPostCards(std::int64_t reader_id,
                                                          std::optional<std::int64_t> before_id,
                                                          int limit) {
  auto page_size = storage::CheckListLimit(limit);
  if (!page_size) return std::unexpected(page_size.error());
  return db_.Read([&](Connection& conn) -> Result<PostCardPage> {
    auto stmt = conn.Prepare(Query("social_store/followed_post_cards"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(static_cast<std::int64_t>(kCardHtmlHeadBytes + 1))
        .Bind(storage::ListCursor(before_id))
        .Bind(reader_id)
        .Bind(static_cast<std::int64_t>(*page_size + 1));
    auto items = ReadRows(*stmt, storage::CardFromRow);
    if (!items) return std::unexpected(items.error());
    PostCardPage page{std::move(*items), std::nullopt};
    storage::ClosePage(page, *page_size);
    return page;
  });
}

Result<RepostCardPage> SqliteSocialStore::FollowedReposts(std::int64_t reader_id,
                                                          std::optional<std::int64_t> before_id,
                                                          int limit) {
  auto page_size = storage::CheckListLimit(limit);
  if (!page_size) return std::unexpected(page_size.error());
  return db_.Read([&](Connection& conn) -> Result<RepostCardPage> {
    auto stmt = conn.Prepare(Query("social_store/followed_reposts"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(static_cast<std::int64_t>(kCardHtmlHeadBytes + 1))
        .Bind(storage::ListCursor(before_id))
        .Bind(reader_id)
        .Bind(static_cast<std::int64_t>(*page_size + 1));
    auto items = ReadRows(*stmt, storage::RepostCardFromRow);
    if (!items) return std::unexpected(items.error());
    RepostCardPage page{std::move(*items), std::nullopt};
    storage::ClosePage(page, *page_size);
    return page;
  });
}

Result<ViewerPostState> SqliteSocialStore::ViewerState(std::int64_t viewer_id,
                                                       std::int64_t post_id) {
  return db_.Read([&](Connection& conn) -> Result<ViewerPostState> {
    auto stmt = conn.Prepare(Query("social_store/viewer_state"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id).Bind(viewer_id);
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return ViewerPostState{};
    return storage::ViewerStateFromRow(*stmt);
  });
}

}  // namespace plaza::sqlite
