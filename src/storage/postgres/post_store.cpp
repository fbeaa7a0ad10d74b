#include "storage/postgres/post_store.hpp"

#include <utility>

#include "storage/encoding.hpp"
#include "storage/market_rows.hpp"
#include "storage/postgres/job_store.hpp"

namespace plaza::pg {

namespace {

Result<Post> LoadPost(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(Query("post_store/by_id"), {id});
  if (!rows) return std::unexpected(rows.error());
  return ReadOne(*rows, storage::PostByIdFromRow, "post not found");
}

// Inserts revision `revision` of `post_id` with its cashtags and enqueues the jobs the write asks
// for.
Status InsertRevision(PgConnection& conn, std::int64_t post_id, int revision,
                      const RevisionContent& content, const std::vector<RevisionJob>& jobs,
                      Timestamp at) {
  auto inserted = conn.Exec(Query("post_store/insert_revision"),
                            {post_id, revision, content.title, content.body_md, content.body_html,
                             content.lang, storage::LangSourceName(content.lang_source),
                             content.slug, at, storage::JoinSymbols(content.tokens)});
  if (!inserted) return std::unexpected(inserted.error());
  if (!content.cashtags.empty()) {
    auto tokens = conn.Exec(Query("post_store/insert_tokens"),
                            {post_id, revision, TextArrayLiteral(content.cashtags)});
    if (!tokens) return std::unexpected(tokens.error());
  }
  return InsertRevisionJobs(conn, post_id, revision, jobs, at);
}

Result<bool> PostExists(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(Query("post_store/exists"), {id});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0;
}

}  // namespace

Result<Post> PgPostStore::Create(const NewPost& post) {
  if (auto s = storage::CheckRevision(post.content); !s) return std::unexpected(s.error());
  if (auto s = storage::CheckRevisionJobs(post.jobs); !s) return std::unexpected(s.error());
  return pool_.InTransaction([&](PgConnection& conn) -> Result<Post> {
    auto rows =
        conn.Exec(Query("post_store/insert"), {post.author_id, post.content.lang,
                                               storage::LangSourceName(post.content.lang_source),
                                               post.content.slug, post.created_at});
    if (!rows) return std::unexpected(storage::NewPostError(rows.error()));
    const std::int64_t id = rows->Int(0, 0);
    if (auto s = InsertRevision(conn, id, 1, post.content, post.jobs, post.created_at); !s) {
      return std::unexpected(s.error());
    }
    return LoadPost(conn, id);
  });
}

Result<Post> PgPostStore::Get(std::int64_t id) {
  return pool_.WithConnection([&](PgConnection& conn) { return LoadPost(conn, id); });
}

Result<Post> PgPostStore::Edit(const PostEdit& edit) {
  if (auto s = storage::CheckRevision(edit.content); !s) return std::unexpected(s.error());
  if (auto s = storage::CheckRevisionJobs(edit.jobs); !s) return std::unexpected(s.error());
  return pool_.InTransaction([&](PgConnection& conn) -> Result<Post> {
    auto state = conn.Exec(Query("post_store/lock"), {edit.post_id});
    if (!state) return std::unexpected(state.error());
    auto editable = state->Rows() > 0
                        ? storage::CheckEditable(true, state->Text(0, 0), state->Int(0, 1),
                                                 edit.expected_revision)
                        : storage::CheckEditable(false, "", 0, edit.expected_revision);
    if (!editable) return std::unexpected(editable.error());
    const int revision = edit.expected_revision + 1;
    if (auto s =
            InsertRevision(conn, edit.post_id, revision, edit.content, edit.jobs, edit.edited_at);
        !s) {
      return std::unexpected(s.error());
    }
    auto moved =
        conn.Exec(Query("post_store/move_revision"),
                  {revision, edit.content.lang, storage::LangSourceName(edit.content.lang_source),
                   edit.content.slug, edit.edited_at, edit.post_id});
    if (!moved) return std::unexpected(moved.error());
    return LoadPost(conn, edit.post_id);
  });
}

Status PgPostStore::Delete(std::int64_t id, Timestamp at) {
  return pool_.InTransaction([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("post_store/mark_deleted"), {at, id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() == 0) {
      auto exists = PostExists(conn, id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return Fail(Errc::kNotFound, "post not found");
      // Already deleted: its summaries are gone too, but deleting again costs nothing.
    }
    auto deleted = conn.Exec(Query("post_store/delete_summaries"), {id});
    if (!deleted) return std::unexpected(deleted.error());
    return {};
  });
}

namespace {

// One page of live posts read with `reader` from `query` or, for one author, `by_author_query`;
// `head` holds the statement's leading parameters (none for posts, the HTML head for cards).
template <typename Page, typename Reader>
Result<Page> ReadPage(PgPool& pool, const char* query, const char* by_author_query, Reader reader,
                      std::vector<Param> head, std::optional<std::int64_t> before_id, int limit,
                      std::optional<std::int64_t> author_id) {
  auto checked_limit = storage::CheckListLimit(limit);
  if (!checked_limit) return std::unexpected(checked_limit.error());
  const int page_size = *checked_limit;
  std::vector<Param> params = std::move(head);
  if (author_id) params.emplace_back(*author_id);
  params.emplace_back(storage::ListCursor(before_id));
  // One row more than asked tells whether another page exists.
  params.emplace_back(static_cast<std::int64_t>(page_size) + 1);
  return pool.WithConnection([&](PgConnection& conn) -> Result<Page> {
    auto rows = conn.Exec(Query(author_id ? by_author_query : query), params);
    if (!rows) return std::unexpected(rows.error());
    auto items = ReadRows(*rows, reader);
    if (!items) return std::unexpected(items.error());
    Page page;
    page.items = std::move(*items);
    storage::ClosePage(page, page_size);
    return page;
  });
}

}  // namespace

Result<PostListPage> PgPostStore::List(std::optional<std::int64_t> before_id, int limit,
                                       std::optional<std::int64_t> author_id) {
  return ReadPage<PostListPage>(pool_, "post_store/list_live", "post_store/list_live_by_author",
                                storage::PostFromRow, {}, before_id, limit, author_id);
}

Result<PostCardPage> PgPostStore::ListCards(std::optional<std::int64_t> before_id, int limit,
                                            std::optional<std::int64_t> author_id) {
  // One byte more than a card keeps tells CardFromRow whether the HTML goes on.
  return ReadPage<PostCardPage>(
      pool_, "post_store/list_cards", "post_store/list_cards_by_author", storage::CardFromRow,
      {static_cast<std::int64_t>(kCardHtmlHeadBytes) + 1}, before_id, limit, author_id);
}

Result<std::int64_t> PgPostStore::Count() {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows = conn.Exec(Query("post_store/count"));
    if (!rows) return std::unexpected(rows.error());
    return rows->Int(0, 0);
  });
}

Result<std::vector<RevisionContent>> PgPostStore::Revisions(std::int64_t id) {
  return pool_.InTransaction([&](PgConnection& conn) -> Result<std::vector<RevisionContent>> {
    if (auto s = conn.ExecScript(Query("post_store/repeatable_read")); !s) {
      return std::unexpected(s.error());
    }
    auto exists = PostExists(conn, id);
    if (!exists) return std::unexpected(exists.error());
    if (!*exists) return Fail(Errc::kNotFound, "post not found");
    auto rows = conn.Exec(Query("post_store/revisions"), {id});
    if (!rows) return std::unexpected(rows.error());
    std::vector<RevisionContent> revisions;
    for (int i = 0; i < rows->Rows(); ++i) {
      if (auto s = storage::AppendRevision(PgRow(*rows, i), revisions); !s) {
        return std::unexpected(s.error());
      }
    }
    auto tokens = conn.Exec(Query("post_store/tokens_of_post"), {id});
    if (!tokens) return std::unexpected(tokens.error());
    for (int i = 0; i < tokens->Rows(); ++i) {
      if (auto s = storage::AddRevisionToken(revisions, tokens->Int(i, 0), tokens->Text(i, 1));
          !s) {
        return std::unexpected(s.error());
      }
    }
    return revisions;
  });
}

}  // namespace plaza::pg
