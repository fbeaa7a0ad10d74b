#include "storage/postgres/post_store.hpp"

#include <unordered_map>
#include <utility>

#include "storage/encoding.hpp"
#include "storage/postgres/job_store.hpp"

namespace plaza::pg {

namespace {

// Fills in the cashtags of each post's current revision in one round trip. Tokens of a
// revision never change, so this needs no transaction around the query that read the posts.
Status LoadCashtags(PgConnection& conn, std::vector<Post>& posts) {
  if (posts.empty()) return {};
  std::vector<std::int64_t> ids;
  std::vector<std::int64_t> revisions;
  std::unordered_map<std::int64_t, Post*> by_id;
  for (auto& post : posts) {
    ids.push_back(post.id);
    revisions.push_back(post.revision);
    by_id[post.id] = &post;
  }
  auto rows = conn.Exec(Query("post_store/tokens_of_revisions"),
                        {IntArrayLiteral(ids), IntArrayLiteral(revisions)});
  if (!rows) return std::unexpected(rows.error());
  for (int i = 0; i < rows->Rows(); ++i) {
    auto it = by_id.find(rows->Int(i, 0));
    if (it == by_id.end()) return storage::CorruptRow();
    it->second->cashtags.push_back(rows->Text(i, 1));
  }
  return {};
}

Result<Post> LoadPost(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(Query("post_store/by_id"), {id});
  if (!rows) return std::unexpected(rows.error());
  auto post = ReadOne(*rows, storage::PostFromRow, "post not found");
  if (!post) return post;
  std::vector<Post> one{std::move(*post)};
  if (auto s = LoadCashtags(conn, one); !s) return std::unexpected(s.error());
  return std::move(one.front());
}

// Inserts revision `revision` of `post_id` with its cashtags and enqueues the jobs the write asks
// for.
Status InsertRevision(PgConnection& conn, std::int64_t post_id, int revision,
                      const RevisionContent& content, const std::vector<RevisionJob>& jobs,
                      Timestamp at) {
  auto inserted =
      conn.Exec(Query("post_store/insert_revision"),
                {post_id, revision, content.title, content.body_md, content.body_html, content.lang,
                 storage::LangSourceName(content.lang_source), content.slug, at});
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

Result<PostListPage> PgPostStore::List(std::optional<std::int64_t> before_id, int limit,
                                       std::optional<std::int64_t> author_id) {
  auto checked_limit = storage::CheckListLimit(limit);
  if (!checked_limit) return std::unexpected(checked_limit.error());
  const int page_size = *checked_limit;
  const std::int64_t below = storage::ListCursor(before_id);
  // One row more than asked tells whether another page exists.
  const std::int64_t fetch = static_cast<std::int64_t>(page_size) + 1;
  return pool_.WithConnection([&](PgConnection& conn) -> Result<PostListPage> {
    auto rows = author_id
                    ? conn.Exec(Query("post_store/list_live_by_author"), {*author_id, below, fetch})
                    : conn.Exec(Query("post_store/list_live"), {below, fetch});
    if (!rows) return std::unexpected(rows.error());
    auto posts = ReadRows(*rows, storage::PostFromRow);
    if (!posts) return std::unexpected(posts.error());
    PostListPage page;
    page.items = std::move(*posts);
    storage::ClosePage(page, page_size);
    if (auto s = LoadCashtags(conn, page.items); !s) return std::unexpected(s.error());
    return page;
  });
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
