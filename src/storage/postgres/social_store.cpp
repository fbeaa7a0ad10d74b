#include "storage/postgres/social_store.hpp"

#include "storage/encoding.hpp"
#include "storage/social_rows.hpp"

namespace plaza::pg {
namespace {

// The post a write targets, checked inside the write's transaction (its row locked, so pins
// and counts of one post are written one at a time): its author, or kNotFound / kGone.
Result<std::int64_t> LivePostAuthor(PgConnection& conn, std::int64_t post_id) {
  auto rows = conn.Exec(Query("social_store/post_state"), {post_id});
  if (!rows) return std::unexpected(rows.error());
  const bool found = rows->Rows() > 0;
  auto target = storage::CheckSocialTarget(found, found ? rows->Text(0, 0) : "");
  if (!target) return std::unexpected(target.error());
  return rows->Int(0, 1);
}

// Applies count deltas to the post and reads its counts back.
Result<EngagementWrite> AddCounts(PgConnection& conn, std::int64_t post_id, std::int64_t reposts,
                                  std::int64_t quotes, std::int64_t shares) {
  const bool changed = reposts != 0 || quotes != 0 || shares != 0;
  if (changed) {
    auto done = conn.Exec(Query("social_store/add_counts"), {reposts, quotes, shares, post_id});
    if (!done) return std::unexpected(done.error());
  }
  auto rows = conn.Exec(Query("social_store/counts"), {post_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return Fail(Errc::kNotFound, "no post has that id");
  return EngagementWrite{changed, storage::CountsFromRow(PgRow(*rows, 0))};
}

Result<std::optional<std::string>> StoredQuote(PgConnection& conn, std::int64_t post_id,
                                               std::int64_t user_id) {
  auto rows = conn.Exec(Query("social_store/repost_quote"), {post_id, user_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

Result<bool> Exists(PgConnection& conn, const char* sql, std::int64_t a, std::int64_t b) {
  auto rows = conn.Exec(sql, {a, b});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0;
}

Result<bool> ChangeOne(PgConnection& conn, const char* sql, std::int64_t a, std::int64_t b) {
  auto rows = conn.Exec(sql, {a, b});
  if (!rows) return std::unexpected(rows.error());
  return rows->Affected() > 0;
}

}  // namespace

Result<EngagementWrite> PgSocialStore::Repost(std::int64_t post_id, std::int64_t user_id,
                                              const std::string& quote, Timestamp at) {
  if (auto s = storage::CheckQuote(quote); !s) return std::unexpected(s.error());
  return pool_.InTransaction([&](PgConnection& conn) -> Result<EngagementWrite> {
    if (auto post = LivePostAuthor(conn, post_id); !post) return std::unexpected(post.error());
    auto before = StoredQuote(conn, post_id, user_id);
    if (!before) return std::unexpected(before.error());
    if (*before && **before == quote) return AddCounts(conn, post_id, 0, 0, 0);
    auto done = *before
                    ? conn.Exec(Query("social_store/repost_set_quote"), {quote, post_id, user_id})
                    : conn.Exec(Query("social_store/repost_insert"), {post_id, user_id, quote, at});
    if (!done) return std::unexpected(storage::Refine(done.error(), "user not found", "user_id"));
    const auto delta = storage::RepostDeltaOf(*before, quote);
    auto write = AddCounts(conn, post_id, delta.reposts, delta.quotes, 0);
    if (write) write->changed = true;
    return write;
  });
}

Result<EngagementWrite> PgSocialStore::Unrepost(std::int64_t post_id, std::int64_t user_id) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<EngagementWrite> {
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

Result<EngagementWrite> PgSocialStore::Share(std::int64_t post_id, std::int64_t user_id,
                                             Timestamp at) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<EngagementWrite> {
    if (auto post = LivePostAuthor(conn, post_id); !post) return std::unexpected(post.error());
    auto done = conn.Exec(Query("social_store/share_insert"), {post_id, user_id, at});
    if (!done) return std::unexpected(storage::Refine(done.error(), "user not found", "user_id"));
    return AddCounts(conn, post_id, 0, 0, done->Affected() > 0 ? 1 : 0);
  });
}

Result<bool> PgSocialStore::Pin(std::int64_t author_id, std::int64_t post_id, Timestamp at) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<bool> {
    auto author = LivePostAuthor(conn, post_id);
    if (!author) return std::unexpected(author.error());
    if (auto s = storage::CheckPinner(*author, author_id); !s) return std::unexpected(s.error());
    // Two pins of one author at once must not both see room for a third: the author's row is
    // the lock they queue on.
    auto locked = conn.Exec(Query("social_store/lock_author"), {author_id});
    if (!locked) return std::unexpected(locked.error());
    auto pinned = Exists(conn, Query("social_store/pin_exists"), author_id, post_id);
    if (!pinned) return std::unexpected(pinned.error());
    if (*pinned) return false;
    auto count = conn.Exec(Query("social_store/pin_count"), {author_id});
    if (!count) return std::unexpected(count.error());
    if (auto s = storage::CheckPinRoom(count->Rows() > 0 ? count->Int(0, 0) : 0); !s) {
      return std::unexpected(s.error());
    }
    auto done = conn.Exec(Query("social_store/pin_insert"), {author_id, post_id, at});
    if (!done) return std::unexpected(done.error());
    return done->Affected() > 0;
  });
}

Result<bool> PgSocialStore::Unpin(std::int64_t author_id, std::int64_t post_id) {
  return pool_.WithConnection([&](PgConnection& conn) {
    return ChangeOne(conn, Query("social_store/pin_delete"), author_id, post_id);
  });
}

Result<std::vector<PostCard>> PgSocialStore::PinnedCards(std::int64_t author_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<PostCard>> {
    auto rows = conn.Exec(Query("social_store/pinned_cards"),
                          {static_cast<std::int64_t>(kCardHtmlHeadBytes) + 1, author_id});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::CardFromRow);
  });
}

Result<bool> PgSocialStore::Follow(std::int64_t follower_id, std::int64_t followee_id,
                                   Timestamp at) {
  if (auto s = storage::CheckFollow(follower_id, followee_id); !s) {
    return std::unexpected(s.error());
  }
  return pool_.WithConnection([&](PgConnection& conn) -> Result<bool> {
    auto done = conn.Exec(Query("social_store/follow_insert"), {follower_id, followee_id, at});
    if (!done) return std::unexpected(storage::Refine(done.error(), "user not found", "handle"));
    return done->Affected() > 0;
  });
}

Result<bool> PgSocialStore::Unfollow(std::int64_t follower_id, std::int64_t followee_id) {
  return pool_.WithConnection([&](PgConnection& conn) {
    return ChangeOne(conn, Query("social_store/follow_delete"), follower_id, followee_id);
  });
}

Result<bool> PgSocialStore::IsFollowing(std::int64_t follower_id, std::int64_t followee_id) {
  return pool_.WithConnection([&](PgConnection& conn) {
    return Exists(conn, Query("social_store/follow_exists"), follower_id, followee_id);
  });
}

Result<FollowPage> PgSocialStore::FollowList(const char* sql, std::int64_t user_id,
                                             std::optional<std::int64_t> before_id, int limit) {
  auto page_size = storage::CheckListLimit(limit);
  if (!page_size) return std::unexpected(page_size.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<FollowPage> {
    auto rows = conn.Exec(sql, {user_id, storage::ListCursor(before_id), *page_size + 1});
    if (!rows) return std::unexpected(rows.error());
    auto items = ReadRows(*rows, storage::FollowFromRow);
    if (!items) return std::unexpected(items.error());
    FollowPage page{std::move(*items), std::nullopt};
    storage::ClosePage(page, *page_size);
    return page;
  });
}

Result<FollowPage> PgSocialStore::Followers(std::int64_t user_id,
                                            std::optional<std::int64_t> before_id, int limit) {
  return FollowList(Query("social_store/followers"), user_id, before_id, limit);
}

Result<FollowPage> PgSocialStore::Following(std::int64_t user_id,
                                            std::optional<std::int64_t> before_id, int limit) {
  return FollowList(Query("social_store/following"), user_id, before_id, limit);
}

Result<FollowCounts> PgSocialStore::CountFollows(std::int64_t user_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<FollowCounts> {
    auto rows = conn.Exec(Query("social_store/follow_counts"), {user_id, user_id});
    if (!rows) return std::unexpected(rows.error());
    return FollowCounts{rows->Int(0, 0), rows->Int(0, 1)};
  });
}

Result<PostCardPage> PgSocialStore::FollowedPostCards(std::int64_t reader_id,
                                                      std::optional<std::int64_t> before_id,
                                                      int limit) {
  auto page_size = storage::CheckListLimit(limit);
  if (!page_size) return std::unexpected(page_size.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<PostCardPage> {
    auto rows = conn.Exec(Query("social_store/followed_post_cards"),
                          {static_cast<std::int64_t>(kCardHtmlHeadBytes) + 1,
                           storage::ListCursor(before_id), reader_id, *page_size + 1});
    if (!rows) return std::unexpected(rows.error());
    auto items = ReadRows(*rows, storage::CardFromRow);
    if (!items) return std::unexpected(items.error());
    PostCardPage page{std::move(*items), std::nullopt};
    storage::ClosePage(page, *page_size);
    return page;
  });
}

Result<RepostCardPage> PgSocialStore::FollowedReposts(std::int64_t reader_id,
                                                      std::optional<std::int64_t> before_id,
                                                      int limit) {
  auto page_size = storage::CheckListLimit(limit);
  if (!page_size) return std::unexpected(page_size.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<RepostCardPage> {
    auto rows = conn.Exec(Query("social_store/followed_reposts"),
                          {static_cast<std::int64_t>(kCardHtmlHeadBytes) + 1,
                           storage::ListCursor(before_id), reader_id, *page_size + 1});
    if (!rows) return std::unexpected(rows.error());
    auto items = ReadRows(*rows, storage::RepostCardFromRow);
    if (!items) return std::unexpected(items.error());
    RepostCardPage page{std::move(*items), std::nullopt};
    storage::ClosePage(page, *page_size);
    return page;
  });
}

Result<ViewerPostState> PgSocialStore::ViewerState(std::int64_t viewer_id, std::int64_t post_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<ViewerPostState> {
    auto rows = conn.Exec(Query("social_store/viewer_state"), {post_id, viewer_id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() == 0) return ViewerPostState{};
    return storage::ViewerStateFromRow(PgRow(*rows, 0));
  });
}

}  // namespace plaza::pg
