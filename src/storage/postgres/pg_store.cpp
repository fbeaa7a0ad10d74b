#include "storage/postgres/pg_store.hpp"

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/encoding.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrations.hpp"

namespace plaza {

namespace {

using pg::PgConnection;
using pg::PgPool;
using pg::PgResult;

Error Refine(Error error, std::string message, std::string field) {
  error.message = std::move(message);
  error.field = std::move(field);
  return error;
}

std::unexpected<Error> CorruptRow() {
  return Fail(Errc::kInternal, "storage failure: unexpected value in a stored row");
}

// ---------------------------------------------------------------------------------------------
// Users

constexpr char kInsertUser[] =
    "INSERT INTO users (handle, display_name, password_hash, role, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr char kUserById[] =
    "SELECT id, handle, display_name, bio, locale, role, password_hash, created_at "
    "FROM users WHERE id = $1";
constexpr char kUserByHandle[] =
    "SELECT id, handle, display_name, bio, locale, role, password_hash, created_at "
    "FROM users WHERE handle = $1";
constexpr char kUpdateProfile[] = "UPDATE users SET display_name = $1, bio = $2 WHERE id = $3";

Result<User> ReadUser(const PgResult& rows) {
  if (rows.Rows() == 0) return Fail(Errc::kNotFound, "user not found");
  User user;
  user.id = rows.Int(0, 0);
  user.handle = rows.Text(0, 1);
  user.display_name = rows.Text(0, 2);
  user.bio = rows.Text(0, 3);
  user.locale = rows.Text(0, 4);
  auto role = storage::ParseRole(rows.Text(0, 5));
  if (!role) return CorruptRow();
  user.role = *role;
  user.password_hash = rows.Text(0, 6);
  user.created_at = rows.Int(0, 7);
  return user;
}

class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(PgPool& pool) : pool_(pool) {}

  Result<User> Create(const NewUser& user) override {
    if (auto s = storage::CheckNewUser(user); !s) return std::unexpected(s.error());
    auto rows = pool_.WithConnection([&](PgConnection& conn) {
      return conn.Exec(kInsertUser, {user.handle, user.display_name, user.password_hash,
                                     storage::RoleName(user.role), user.created_at});
    });
    if (!rows) {
      if (rows.error().code == Errc::kConflict) {
        return std::unexpected(Refine(rows.error(), "handle is taken", "handle"));
      }
      return std::unexpected(rows.error());
    }
    User created;
    created.id = rows->Int(0, 0);
    created.handle = user.handle;
    created.display_name = user.display_name;
    created.role = user.role;
    created.password_hash = user.password_hash;
    created.created_at = user.created_at;
    return created;
  }

  Result<User> FindById(std::int64_t id) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<User> {
      auto rows = conn.Exec(kUserById, {id});
      if (!rows) return std::unexpected(rows.error());
      return ReadUser(*rows);
    });
  }

  Result<User> FindByHandle(std::string_view handle) override {
    if (!storage::IsStorableText(handle)) return Fail(Errc::kNotFound, "user not found");
    return pool_.WithConnection([&](PgConnection& conn) -> Result<User> {
      auto rows = conn.Exec(kUserByHandle, {handle});
      if (!rows) return std::unexpected(rows.error());
      return ReadUser(*rows);
    });
  }

  Status UpdateProfile(std::int64_t id, std::string_view display_name,
                       std::string_view bio) override {
    if (auto s = storage::CheckProfile(display_name, bio); !s) return s;
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kUpdateProfile, {display_name, bio, id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() == 0) return Fail(Errc::kNotFound, "user not found");
      return {};
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// Sessions

constexpr char kInsertSession[] =
    "INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr char kSessionByHash[] =
    "SELECT token_hash, user_id, csrf, kind, created_at, expires_at "
    "FROM sessions WHERE token_hash = $1";
constexpr char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = $1";
constexpr char kDeleteExpiredSessions[] = "DELETE FROM sessions WHERE expires_at <= $1";

class PgSessionStore final : public SessionStore {
 public:
  explicit PgSessionStore(PgPool& pool) : pool_(pool) {}

  Status Create(const SessionRecord& session) override {
    if (auto s = storage::CheckSession(session); !s) return s;
    auto rows = pool_.WithConnection([&](PgConnection& conn) {
      return conn.Exec(kInsertSession, {session.token_hash, session.user_id, session.csrf,
                                        storage::SessionKindName(session.kind), session.created_at,
                                        session.expires_at});
    });
    if (rows) return {};
    if (rows.error().code == Errc::kConflict) {
      return std::unexpected(Refine(rows.error(), "session already exists", "token_hash"));
    }
    if (rows.error().code == Errc::kNotFound) {
      return std::unexpected(Refine(rows.error(), "user not found", "user_id"));
    }
    return std::unexpected(rows.error());
  }

  Result<SessionRecord> Find(std::string_view token_hash) override {
    if (!storage::IsStorableText(token_hash)) return Fail(Errc::kNotFound, "session not found");
    return pool_.WithConnection([&](PgConnection& conn) -> Result<SessionRecord> {
      auto rows = conn.Exec(kSessionByHash, {token_hash});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() == 0) return Fail(Errc::kNotFound, "session not found");
      SessionRecord session;
      session.token_hash = rows->Text(0, 0);
      session.user_id = rows->Int(0, 1);
      session.csrf = rows->Text(0, 2);
      auto kind = storage::ParseSessionKind(rows->Text(0, 3));
      if (!kind) return CorruptRow();
      session.kind = *kind;
      session.created_at = rows->Int(0, 4);
      session.expires_at = rows->Int(0, 5);
      return session;
    });
  }

  Status Delete(std::string_view token_hash) override {
    if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kDeleteSession, {token_hash});
      if (!rows) return std::unexpected(rows.error());
      return {};
    });
  }

  Result<std::int64_t> DeleteExpired(Timestamp now) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
      auto rows = conn.Exec(kDeleteExpiredSessions, {now});
      if (!rows) return std::unexpected(rows.error());
      return rows->Affected();
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// Posts

// The columns ReadPost() expects, joined from the post, its current revision and its author.
// `page` is the posts table or a subquery with the same columns.
#define PLAZA_POST_SELECT(page)                                                                  \
  "SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title, r.body_md, " \
  "r.body_html, r.lang, r.lang_source, r.slug, p.status, p.created_at, p.edited_at, "            \
  "p.comments, p.likes, p.reposts, p.shares, p.tips "                                            \
  "FROM " page                                                                                   \
  " p "                                                                                          \
  "JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision "               \
  "JOIN users u ON u.id = p.author_id "

constexpr char kPostById[] = PLAZA_POST_SELECT("posts") "WHERE p.id = $1";
// The page of posts is chosen first, from the index alone, and only its rows are joined: the
// plan stays a short index scan whatever the planner believes about table sizes.
constexpr char kListLive[] = PLAZA_POST_SELECT(
    "(SELECT * FROM posts WHERE status = 'live' AND id < $1 ORDER BY id DESC LIMIT $2)")
    "ORDER BY p.id DESC";
constexpr char kListLiveByAuthor[] = PLAZA_POST_SELECT(
    "(SELECT * FROM posts WHERE author_id = $1 AND status = 'live' AND id < $2 "
    "ORDER BY id DESC LIMIT $3)") "ORDER BY p.id DESC";
#undef PLAZA_POST_SELECT

// Tokens of several (post, revision) pairs at once: one round trip for a whole page.
constexpr char kTokensOfRevisions[] =
    "SELECT t.post_id, t.symbol FROM post_tokens t "
    "JOIN unnest($1::bigint[], $2::integer[]) AS k (post_id, revision) "
    "ON t.post_id = k.post_id AND t.revision = k.revision "
    "ORDER BY t.post_id, t.position";
constexpr char kTokensOfPost[] =
    "SELECT revision, symbol FROM post_tokens WHERE post_id = $1 ORDER BY revision, position";
constexpr char kInsertPost[] =
    "INSERT INTO posts (author_id, current_revision, lang, lang_source, slug, status, "
    "created_at) VALUES ($1, 1, $2, $3, $4, 'live', $5) RETURNING id";
constexpr char kInsertRevision[] =
    "INSERT INTO post_revisions (post_id, revision, title, body_md, body_html, lang, "
    "lang_source, slug, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr char kInsertTokens[] =
    "INSERT INTO post_tokens (post_id, revision, position, symbol) "
    "SELECT $1, $2, t.ord - 1, t.symbol FROM unnest($3::text[]) WITH ORDINALITY AS t (symbol, ord)";
constexpr char kLockPost[] = "SELECT status, current_revision FROM posts WHERE id = $1 FOR UPDATE";
constexpr char kMoveRevision[] =
    "UPDATE posts SET current_revision = $1, lang = $2, lang_source = $3, slug = $4, "
    "edited_at = $5 WHERE id = $6";
constexpr char kMarkDeleted[] =
    "UPDATE posts SET status = 'deleted', deleted_at = $1 WHERE id = $2 AND status <> 'deleted'";
constexpr char kPostExists[] = "SELECT 1 FROM posts WHERE id = $1";
constexpr char kRevisionsOfPost[] =
    "SELECT revision, title, body_md, body_html, lang, lang_source, slug "
    "FROM post_revisions WHERE post_id = $1 ORDER BY revision";
constexpr char kCountPosts[] = "SELECT count(*) FROM posts";

Result<Post> ReadPost(const PgResult& rows, int row) {
  Post post;
  post.id = rows.Int(row, 0);
  post.author_id = rows.Int(row, 1);
  post.author_handle = rows.Text(row, 2);
  post.author_display_name = rows.Text(row, 3);
  post.revision = static_cast<int>(rows.Int(row, 4));
  post.title = rows.Text(row, 5);
  post.body_md = rows.Text(row, 6);
  post.body_html = rows.Text(row, 7);
  post.lang = rows.Text(row, 8);
  auto lang_source = storage::ParseLangSource(rows.Text(row, 9));
  post.slug = rows.Text(row, 10);
  auto status = storage::ParsePostStatus(rows.Text(row, 11));
  if (!lang_source || !status) return CorruptRow();
  post.lang_source = *lang_source;
  post.status = *status;
  post.created_at = rows.Int(row, 12);
  post.edited_at = rows.Int(row, 13);
  post.counts.comments = rows.Int(row, 14);
  post.counts.likes = rows.Int(row, 15);
  post.counts.reposts = rows.Int(row, 16);
  post.counts.shares = rows.Int(row, 17);
  post.counts.tips = rows.Int(row, 18);
  return post;
}

// Fills in the cashtags of each post's current revision. Tokens of a revision never change, so
// this needs no transaction around the query that read the posts.
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
  auto rows =
      conn.Exec(kTokensOfRevisions, {pg::IntArrayLiteral(ids), pg::IntArrayLiteral(revisions)});
  if (!rows) return std::unexpected(rows.error());
  for (int i = 0; i < rows->Rows(); ++i) {
    auto it = by_id.find(rows->Int(i, 0));
    if (it == by_id.end()) return CorruptRow();
    it->second->cashtags.push_back(rows->Text(i, 1));
  }
  return {};
}

Result<Post> LoadPost(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(kPostById, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return Fail(Errc::kNotFound, "post not found");
  auto post = ReadPost(*rows, 0);
  if (!post) return post;
  std::vector<Post> one{std::move(*post)};
  if (auto s = LoadCashtags(conn, one); !s) return std::unexpected(s.error());
  return std::move(one.front());
}

Status InsertRevision(PgConnection& conn, std::int64_t post_id, int revision,
                      const RevisionContent& content, Timestamp at) {
  auto inserted =
      conn.Exec(kInsertRevision,
                {post_id, revision, content.title, content.body_md, content.body_html, content.lang,
                 storage::LangSourceName(content.lang_source), content.slug, at});
  if (!inserted) return std::unexpected(inserted.error());
  if (content.cashtags.empty()) return {};
  auto tokens =
      conn.Exec(kInsertTokens, {post_id, revision, pg::TextArrayLiteral(content.cashtags)});
  if (!tokens) return std::unexpected(tokens.error());
  return {};
}

Result<bool> PostExists(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(kPostExists, {id});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0;
}

class PgPostStore final : public PostStore {
 public:
  explicit PgPostStore(PgPool& pool) : pool_(pool) {}

  Result<Post> Create(const NewPost& post) override {
    if (auto s = storage::CheckRevision(post.content); !s) return std::unexpected(s.error());
    return pool_.InTransaction([&](PgConnection& conn) -> Result<Post> {
      auto rows = conn.Exec(kInsertPost, {post.author_id, post.content.lang,
                                          storage::LangSourceName(post.content.lang_source),
                                          post.content.slug, post.created_at});
      if (!rows) {
        if (rows.error().code == Errc::kNotFound) {
          return std::unexpected(Refine(rows.error(), "author not found", "author_id"));
        }
        return std::unexpected(rows.error());
      }
      const std::int64_t id = rows->Int(0, 0);
      if (auto s = InsertRevision(conn, id, 1, post.content, post.created_at); !s) {
        return std::unexpected(s.error());
      }
      return LoadPost(conn, id);
    });
  }

  Result<Post> Get(std::int64_t id) override {
    return pool_.WithConnection([&](PgConnection& conn) { return LoadPost(conn, id); });
  }

  Result<Post> Edit(const PostEdit& edit) override {
    if (auto s = storage::CheckRevision(edit.content); !s) return std::unexpected(s.error());
    return pool_.InTransaction([&](PgConnection& conn) -> Result<Post> {
      // The row lock makes a concurrent edit of the same post wait here, then see the revision
      // the first one stored: exactly one of two racing edits wins.
      auto state = conn.Exec(kLockPost, {edit.post_id});
      if (!state) return std::unexpected(state.error());
      if (state->Rows() == 0) return Fail(Errc::kNotFound, "post not found");
      if (state->Text(0, 0) != storage::PostStatusName(PostStatus::kLive)) {
        return Fail(Errc::kGone, "post is deleted");
      }
      if (state->Int(0, 1) != edit.expected_revision) {
        return Fail(Errc::kConflict, "post was edited since this revision", "revision");
      }
      const int revision = edit.expected_revision + 1;
      if (auto s = InsertRevision(conn, edit.post_id, revision, edit.content, edit.edited_at); !s) {
        return std::unexpected(s.error());
      }
      auto moved = conn.Exec(kMoveRevision, {revision, edit.content.lang,
                                             storage::LangSourceName(edit.content.lang_source),
                                             edit.content.slug, edit.edited_at, edit.post_id});
      if (!moved) return std::unexpected(moved.error());
      return LoadPost(conn, edit.post_id);
    });
  }

  Status Delete(std::int64_t id, Timestamp at) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kMarkDeleted, {at, id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() > 0) return {};
      auto exists = PostExists(conn, id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return Fail(Errc::kNotFound, "post not found");
      return {};  // already deleted
    });
  }

  Result<PostListPage> List(std::optional<std::int64_t> before_id, int limit,
                            std::optional<std::int64_t> author_id) override {
    auto checked_limit = storage::CheckListLimit(limit);
    if (!checked_limit) return std::unexpected(checked_limit.error());
    const int page_size = *checked_limit;
    const std::int64_t below = before_id.value_or(std::numeric_limits<std::int64_t>::max());
    // One row more than asked tells whether another page exists.
    const std::int64_t fetch = static_cast<std::int64_t>(page_size) + 1;
    return pool_.WithConnection([&](PgConnection& conn) -> Result<PostListPage> {
      auto rows = author_id ? conn.Exec(kListLiveByAuthor, {*author_id, below, fetch})
                            : conn.Exec(kListLive, {below, fetch});
      if (!rows) return std::unexpected(rows.error());
      PostListPage page;
      for (int i = 0; i < rows->Rows(); ++i) {
        auto post = ReadPost(*rows, i);
        if (!post) return std::unexpected(post.error());
        page.items.push_back(std::move(*post));
      }
      if (page.items.size() > static_cast<std::size_t>(page_size)) {
        page.items.pop_back();
        page.next_before_id = page.items.back().id;
      }
      if (auto s = LoadCashtags(conn, page.items); !s) return std::unexpected(s.error());
      return page;
    });
  }

  Result<std::int64_t> Count() override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
      auto rows = conn.Exec(kCountPosts);
      if (!rows) return std::unexpected(rows.error());
      return rows->Int(0, 0);
    });
  }

  Result<std::vector<RevisionContent>> Revisions(std::int64_t id) override {
    // Revisions and their tokens only ever grow; a repeatable-read snapshot keeps the two
    // queries in step with each other while an edit lands.
    return pool_.InTransaction([&](PgConnection& conn) -> Result<std::vector<RevisionContent>> {
      if (auto s = conn.ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          !s) {
        return std::unexpected(s.error());
      }
      auto exists = PostExists(conn, id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return Fail(Errc::kNotFound, "post not found");
      auto rows = conn.Exec(kRevisionsOfPost, {id});
      if (!rows) return std::unexpected(rows.error());
      std::vector<RevisionContent> revisions;
      for (int i = 0; i < rows->Rows(); ++i) {
        // Revisions are numbered 1, 2, ... without gaps: the vector index is revision - 1.
        if (rows->Int(i, 0) != i + 1) return CorruptRow();
        RevisionContent content;
        content.title = rows->Text(i, 1);
        content.body_md = rows->Text(i, 2);
        content.body_html = rows->Text(i, 3);
        content.lang = rows->Text(i, 4);
        auto lang_source = storage::ParseLangSource(rows->Text(i, 5));
        if (!lang_source) return CorruptRow();
        content.lang_source = *lang_source;
        content.slug = rows->Text(i, 6);
        revisions.push_back(std::move(content));
      }
      auto tokens = conn.Exec(kTokensOfPost, {id});
      if (!tokens) return std::unexpected(tokens.error());
      for (int i = 0; i < tokens->Rows(); ++i) {
        const std::int64_t revision = tokens->Int(i, 0);
        if (revision < 1 || revision > static_cast<std::int64_t>(revisions.size())) {
          return CorruptRow();
        }
        revisions[static_cast<std::size_t>(revision - 1)].cashtags.push_back(tokens->Text(i, 1));
      }
      return revisions;
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// The store

// An arbitrary constant shared by every Plaza instance: the advisory lock that serializes
// migrations ("plaza" in ASCII).
constexpr char kLockMigrations[] = "SELECT pg_advisory_xact_lock(482854664801)";
constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr char kSchemaVersion[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)";
constexpr char kPing[] = "SELECT 1";

class PgStore final : public Store {
 public:
  explicit PgStore(std::unique_ptr<PgPool> pool)
      : pool_(std::move(pool)), users_(*pool_), sessions_(*pool_), posts_(*pool_) {}

  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  PostStore& posts() override { return posts_; }
  std::string BackendName() const override { return "postgresql"; }

  Result<int> Migrate() override {
    return pool_->InTransaction([](PgConnection& conn) -> Result<int> {
      // Held until COMMIT: a second instance migrating at the same time waits here, then finds
      // the steps already applied.
      if (auto s = conn.ExecScript(kLockMigrations); !s) return std::unexpected(s.error());
      if (auto s = conn.ExecScript(kCreateMigrationsTable); !s) return std::unexpected(s.error());
      auto rows = conn.Exec(kSchemaVersion);
      if (!rows) return std::unexpected(rows.error());
      int version = static_cast<int>(rows->Int(0, 0));
      auto pending = storage::PendingMigrations(pg::Migrations(), version);
      if (!pending) return std::unexpected(pending.error());
      for (const storage::Migration* migration : *pending) {
        if (auto s = conn.ExecScript(migration->sql); !s) return std::unexpected(s.error());
        auto recorded = conn.Exec(kRecordMigration, {migration->version, migration->name});
        if (!recorded) return std::unexpected(recorded.error());
        version = migration->version;
      }
      return version;
    });
  }

  Status Ping() override {
    return pool_->WithConnection([](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kPing);
      if (!rows) return std::unexpected(rows.error());
      return {};
    });
  }

  Status Backup(const std::string&) override {
    return Fail(Errc::kInvalidArgument,
                "online backup is for SQLite; back up PostgreSQL with pg_dump (or your "
                "provider's snapshots)",
                "path");
  }

  PoolStats Pool() const override { return pool_->Stats(); }

 private:
  std::unique_ptr<PgPool> pool_;
  PgUserStore users_;
  PgSessionStore sessions_;
  PgPostStore posts_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPgStore(const std::string& conninfo,
                                           const StoreOptions& options) {
  auto pool = PgPool::Open(conninfo, options);
  if (!pool) return std::unexpected(pool.error());
  return std::unique_ptr<Store>(new PgStore(std::move(*pool)));
}

}  // namespace plaza
