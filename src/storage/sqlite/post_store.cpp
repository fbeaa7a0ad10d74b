#include "storage/sqlite/post_store.hpp"

#include <sqlite3.h>

#include <utility>

#include "storage/encoding.hpp"
#include "storage/market_rows.hpp"
#include "storage/sqlite/job_store.hpp"

namespace plaza::sqlite {

namespace {

Result<Post> LoadPost(Connection& conn, std::int64_t id) {
  auto stmt = conn.Prepare(Query("post_store/by_id"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(id);
  return ReadOne(*stmt, storage::PostByIdFromRow, "post not found");
}

// Inserts revision `revision` of `post_id` with its cashtags and enqueues the jobs the write asks
// for.
Status InsertRevision(Connection& conn, std::int64_t post_id, int revision,
                      const RevisionContent& content, const std::vector<RevisionJob>& jobs,
                      Timestamp at) {
  {
    auto stmt = conn.Prepare(Query("post_store/insert_revision"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id)
        .Bind(revision)
        .Bind(content.title)
        .Bind(content.body_md)
        .Bind(content.body_html)
        .Bind(content.lang)
        .Bind(storage::LangSourceName(content.lang_source))
        .Bind(content.slug)
        .Bind(at)
        .Bind(storage::JoinSymbols(content.tokens));
    if (auto s = stmt->Run(); !s) return s;
  }
  for (std::size_t i = 0; i < content.cashtags.size(); ++i) {
    auto stmt = conn.Prepare(Query("post_store/insert_token"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id).Bind(revision).Bind(static_cast<std::int64_t>(i)).Bind(content.cashtags[i]);
    if (auto s = stmt->Run(); !s) return s;
  }
  return InsertRevisionJobs(conn, post_id, revision, jobs, at);
}

// Whether a post with this id exists, in any status.
Result<bool> PostExists(Connection& conn, std::int64_t id) {
  auto stmt = conn.Prepare(Query("post_store/exists"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(id);
  return stmt->Step();
}

}  // namespace

Result<Post> SqlitePostStore::Create(const NewPost& post) {
  if (auto s = storage::CheckRevision(post.content); !s) return std::unexpected(s.error());
  if (auto s = storage::CheckRevisionJobs(post.jobs); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<Post> {
    {
      auto stmt = conn.Prepare(Query("post_store/insert"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(post.author_id)
          .Bind(post.content.lang)
          .Bind(storage::LangSourceName(post.content.lang_source))
          .Bind(post.content.slug)
          .Bind(post.created_at);
      if (auto s = stmt->Run(); !s) return std::unexpected(storage::NewPostError(s.error()));
    }
    const std::int64_t id = sqlite3_last_insert_rowid(conn.handle());
    if (auto s = InsertRevision(conn, id, 1, post.content, post.jobs, post.created_at); !s) {
      return std::unexpected(s.error());
    }
    return LoadPost(conn, id);
  });
}

Result<Post> SqlitePostStore::Get(std::int64_t id) {
  return db_.Read([&](Connection& conn) { return LoadPost(conn, id); });
}

Result<Post> SqlitePostStore::Edit(const PostEdit& edit) {
  if (auto s = storage::CheckRevision(edit.content); !s) return std::unexpected(s.error());
  if (auto s = storage::CheckRevisionJobs(edit.jobs); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<Post> {
    {
      auto stmt = conn.Prepare(Query("post_store/state"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(edit.post_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      auto editable =
          *row ? storage::CheckEditable(true, stmt->Text(0), stmt->Int(1), edit.expected_revision)
               : storage::CheckEditable(false, "", 0, edit.expected_revision);
      if (!editable) return std::unexpected(editable.error());
    }
    const int revision = edit.expected_revision + 1;
    if (auto s =
            InsertRevision(conn, edit.post_id, revision, edit.content, edit.jobs, edit.edited_at);
        !s) {
      return std::unexpected(s.error());
    }
    {
      auto stmt = conn.Prepare(Query("post_store/move_revision"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(revision)
          .Bind(edit.content.lang)
          .Bind(storage::LangSourceName(edit.content.lang_source))
          .Bind(edit.content.slug)
          .Bind(edit.edited_at)
          .Bind(edit.post_id);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    }
    return LoadPost(conn, edit.post_id);
  });
}

Status SqlitePostStore::Delete(std::int64_t id, Timestamp at) {
  return db_.Write([&](Connection& conn) -> Status {
    {
      auto stmt = conn.Prepare(Query("post_store/mark_deleted"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(at).Bind(id);
      if (auto s = stmt->Run(); !s) return s;
    }
    if (conn.Changes() == 0) {
      auto exists = PostExists(conn, id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return Fail(Errc::kNotFound, "post not found");
      // Already deleted: its summaries are gone too, but deleting again costs nothing.
    }
    auto stmt = conn.Prepare(Query("post_store/delete_summaries"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(id);
    return stmt->Run();
  });
}

namespace {

// One page of live posts read with `reader` from `query` or, for one author, `by_author_query`;
// `head` binds the statement's leading parameters (none for posts, the HTML head for cards).
template <typename Page, typename Reader, typename BindHead>
Result<Page> ReadPage(Database& db, const char* query, const char* by_author_query, Reader reader,
                      BindHead head, std::optional<std::int64_t> before_id, int limit,
                      std::optional<std::int64_t> author_id) {
  auto checked_limit = storage::CheckListLimit(limit);
  if (!checked_limit) return std::unexpected(checked_limit.error());
  const int page_size = *checked_limit;
  const std::int64_t below = storage::ListCursor(before_id);
  return db.Read([&](Connection& conn) -> Result<Page> {
    auto stmt = conn.Prepare(Query(author_id ? by_author_query : query));
    if (!stmt) return std::unexpected(stmt.error());
    head(*stmt);
    if (author_id) stmt->Bind(*author_id);
    stmt->Bind(below).Bind(static_cast<std::int64_t>(page_size) + 1);
    auto items = ReadRows(*stmt, reader);
    if (!items) return std::unexpected(items.error());
    Page page;
    page.items = std::move(*items);
    storage::ClosePage(page, page_size);
    return page;
  });
}

}  // namespace

Result<PostListPage> SqlitePostStore::List(std::optional<std::int64_t> before_id, int limit,
                                           std::optional<std::int64_t> author_id) {
  return ReadPage<PostListPage>(
      db_, "post_store/list_live", "post_store/list_live_by_author", storage::PostFromRow,
      [](Statement&) {}, before_id, limit, author_id);
}

Result<PostCardPage> SqlitePostStore::ListCards(std::optional<std::int64_t> before_id, int limit,
                                                std::optional<std::int64_t> author_id) {
  // One byte more than a card keeps tells CardFromRow whether the HTML goes on.
  return ReadPage<PostCardPage>(
      db_, "post_store/list_cards", "post_store/list_cards_by_author", storage::CardFromRow,
      [](Statement& stmt) { stmt.Bind(static_cast<std::int64_t>(kCardHtmlHeadBytes) + 1); },
      before_id, limit, author_id);
}

Result<std::int64_t> SqlitePostStore::Count() {
  return db_.Read([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query("post_store/count"));
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    return *row ? stmt->Int(0) : 0;
  });
}

Result<std::vector<RevisionContent>> SqlitePostStore::Revisions(std::int64_t id) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<RevisionContent>> {
    auto exists = PostExists(conn, id);
    if (!exists) return std::unexpected(exists.error());
    if (!*exists) return Fail(Errc::kNotFound, "post not found");
    std::vector<RevisionContent> revisions;
    {
      auto stmt = conn.Prepare(Query("post_store/revisions"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(id);
      for (;;) {
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        if (auto s = storage::AppendRevision(*stmt, revisions); !s) {
          return std::unexpected(s.error());
        }
      }
    }
    auto stmt = conn.Prepare(Query("post_store/tokens_of_post"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(id);
    for (;;) {
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      if (auto s = storage::AddRevisionToken(revisions, stmt->Int(0), stmt->Text(1)); !s) {
        return std::unexpected(s.error());
      }
    }
    return revisions;
  });
}

}  // namespace plaza::sqlite
