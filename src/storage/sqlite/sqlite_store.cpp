#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <mutex>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/encoding.hpp"
#include "storage/sqlite/sqlite_db.hpp"
#include "storage/sqlite/sqlite_migrations.hpp"

namespace plaza {

namespace {

using sqlite::Connection;
using sqlite::Statement;

template <typename F>
using ResultOf = std::invoke_result_t<F&, Connection&>;

Error Refine(Error error, std::string message, std::string field) {
  error.message = std::move(message);
  error.field = std::move(field);
  return error;
}

std::unexpected<Error> CorruptRow() {
  return Fail(Errc::kInternal, "storage failure: unexpected value in a stored row");
}

// Runs one cached statement that returns no rows.
Status RunSql(Connection& conn, std::string_view sql) {
  auto stmt = conn.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  return stmt->Run();
}

// The writer, the reader pool and the transactions around them.
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const StoreOptions& options) {
    const auto durability =
        options.synchronous_full ? sqlite::Durability::kFull : sqlite::Durability::kNormal;
    const int timeout_ms = options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 0;
    auto db = std::unique_ptr<Database>(new Database(path, timeout_ms));

    // The writer opens first: it creates the file and switches it to WAL (a property of the
    // file, so the readers inherit it).
    auto writer = Connection::Open(path, {sqlite::Access::kReadWrite, durability, timeout_ms});
    if (!writer) return std::unexpected(writer.error());
    if (auto s = (*writer)->Exec("PRAGMA journal_mode = WAL;"); !s) {
      return std::unexpected(s.error());
    }
    db->writer_ = std::move(*writer);

    const int readers = options.pool_size > 0 ? options.pool_size : 1;
    for (int i = 0; i < readers; ++i) {
      auto reader = Connection::Open(path, {sqlite::Access::kReadOnly, durability, timeout_ms});
      if (!reader) return std::unexpected(reader.error());
      db->idle_readers_.push_back(std::move(*reader));
    }
    db->readers_open_ = readers;
    return db;
  }

  // Runs `f` on a reader connection inside one read transaction, so every statement of `f`
  // sees the same snapshot.
  template <typename F>
  ResultOf<F> Read(F&& f) {
    auto lease = AcquireReader();
    if (!lease) return std::unexpected(lease.error());
    return InTransaction(lease->conn(), "BEGIN", f);
  }

  // Runs `f` on the writer inside BEGIN IMMEDIATE ... COMMIT; rolls back when `f` fails.
  template <typename F>
  ResultOf<F> Write(F&& f) {
    {
      std::unique_lock lock(writer_mu_);
      if (!writer_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms_),
                               [&] { return !writer_busy_; })) {
        return Fail(Errc::kUnavailable, "database is busy");
      }
      writer_busy_ = true;
    }
    const WriterLease lease(*this);
    return InTransaction(*writer_, "BEGIN IMMEDIATE", f);
  }

  // Runs `f` with a reader connection outside any transaction (online backup).
  template <typename F>
  ResultOf<F> WithReader(F&& f) {
    auto lease = AcquireReader();
    if (!lease) return std::unexpected(lease.error());
    return f(lease->conn());
  }

  PoolStats Stats() const {
    bool writer_busy = false;
    {
      std::lock_guard lock(writer_mu_);
      writer_busy = writer_busy_;
    }
    return PoolStats{readers_open_ + 1, readers_in_use_.load() + (writer_busy ? 1 : 0)};
  }

  const std::string& path() const { return path_; }

 private:
  // Returns a reader connection to the pool when it goes out of scope, however `f` leaves.
  class ReaderLease {
   public:
    ReaderLease(Database& db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
    ReaderLease(ReaderLease&& other) noexcept : db_(other.db_), conn_(std::move(other.conn_)) {}
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    ReaderLease& operator=(ReaderLease&&) = delete;
    ~ReaderLease() {
      if (conn_) db_.ReleaseReader(std::move(conn_));
    }
    Connection& conn() { return *conn_; }

   private:
    Database& db_;
    std::unique_ptr<Connection> conn_;
  };

  // Marks the writer free again when it goes out of scope.
  class WriterLease {
   public:
    explicit WriterLease(Database& db) : db_(db) {}
    WriterLease(const WriterLease&) = delete;
    WriterLease& operator=(const WriterLease&) = delete;
    ~WriterLease() {
      {
        std::lock_guard lock(db_.writer_mu_);
        db_.writer_busy_ = false;
      }
      db_.writer_cv_.notify_one();
    }

   private:
    Database& db_;
  };

  Database(std::string path, int timeout_ms) : path_(std::move(path)), timeout_ms_(timeout_ms) {}

  template <typename F>
  static ResultOf<F> InTransaction(Connection& conn, std::string_view begin, F& f) {
    // A transaction left open by a failed ROLLBACK would make every later BEGIN fail: end it.
    if (conn.InTransaction()) {
      if (auto s = RunSql(conn, "ROLLBACK"); !s) return std::unexpected(s.error());
    }
    if (auto s = RunSql(conn, begin); !s) return std::unexpected(s.error());
    auto result = f(conn);
    if (result) {
      if (auto s = RunSql(conn, "COMMIT"); !s) {
        // SQLite may already have rolled back (I/O error, disk full); the next call checks.
        [[maybe_unused]] auto rolled_back = RunSql(conn, "ROLLBACK");
        return std::unexpected(s.error());
      }
    } else {
      [[maybe_unused]] auto rolled_back = RunSql(conn, "ROLLBACK");
    }
    return result;
  }

  Result<ReaderLease> AcquireReader() {
    std::unique_lock lock(readers_mu_);
    if (!readers_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms_),
                              [&] { return !idle_readers_.empty(); })) {
      return Fail(Errc::kUnavailable, "no database connection is free");
    }
    auto conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    ++readers_in_use_;
    return ReaderLease(*this, std::move(conn));
  }

  void ReleaseReader(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(readers_mu_);
      idle_readers_.push_back(std::move(conn));
      --readers_in_use_;
    }
    readers_cv_.notify_one();
  }

  const std::string path_;
  const int timeout_ms_;

  // The writer is handed out like a pool of one (a condition variable rather than a timed mutex:
  // waits are bounded and ThreadSanitizer understands them).
  mutable std::mutex writer_mu_;
  std::condition_variable writer_cv_;
  bool writer_busy_ = false;            // guarded by writer_mu_
  std::unique_ptr<Connection> writer_;  // used only by the thread that set writer_busy_

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mu_
  int readers_open_ = 0;
  std::atomic<int> readers_in_use_{0};
};

// ---------------------------------------------------------------------------------------------
// Users

constexpr char kInsertUser[] =
    "INSERT INTO users (handle, display_name, password_hash, role, created_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr char kUserById[] =
    "SELECT id, handle, display_name, bio, locale, role, password_hash, created_at "
    "FROM users WHERE id = ?";
constexpr char kUserByHandle[] =
    "SELECT id, handle, display_name, bio, locale, role, password_hash, created_at "
    "FROM users WHERE handle = ?";
constexpr char kUpdateProfile[] = "UPDATE users SET display_name = ?, bio = ? WHERE id = ?";

// Reads the one row of a user query; kNotFound when there is none.
Result<User> ReadUser(Statement& stmt) {
  auto row = stmt.Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(Errc::kNotFound, "user not found");
  User user;
  user.id = stmt.Int(0);
  user.handle = stmt.Text(1);
  user.display_name = stmt.Text(2);
  user.bio = stmt.Text(3);
  user.locale = stmt.Text(4);
  auto role = storage::ParseRole(stmt.Text(5));
  if (!role) return CorruptRow();
  user.role = *role;
  user.password_hash = stmt.Text(6);
  user.created_at = stmt.Int(7);
  return user;
}

class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(Database& db) : db_(db) {}

  Result<User> Create(const NewUser& user) override {
    if (auto s = storage::CheckNewUser(user); !s) return std::unexpected(s.error());
    auto id = db_.Write([&](Connection& conn) -> Result<std::int64_t> {
      auto stmt = conn.Prepare(kInsertUser);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(user.handle)
          .Bind(user.display_name)
          .Bind(user.password_hash)
          .Bind(storage::RoleName(user.role))
          .Bind(user.created_at);
      if (auto s = stmt->Run(); !s) {
        if (s.error().code == Errc::kConflict) {
          return std::unexpected(Refine(s.error(), "handle is taken", "handle"));
        }
        return std::unexpected(s.error());
      }
      return sqlite3_last_insert_rowid(conn.handle());
    });
    if (!id) return std::unexpected(id.error());
    User created;
    created.id = *id;
    created.handle = user.handle;
    created.display_name = user.display_name;
    created.role = user.role;
    created.password_hash = user.password_hash;
    created.created_at = user.created_at;
    return created;
  }

  Result<User> FindById(std::int64_t id) override {
    return db_.Read([&](Connection& conn) -> Result<User> {
      auto stmt = conn.Prepare(kUserById);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(id);
      return ReadUser(*stmt);
    });
  }

  Result<User> FindByHandle(std::string_view handle) override {
    if (!storage::IsStorableText(handle)) return Fail(Errc::kNotFound, "user not found");
    return db_.Read([&](Connection& conn) -> Result<User> {
      auto stmt = conn.Prepare(kUserByHandle);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(handle);
      return ReadUser(*stmt);
    });
  }

  Status UpdateProfile(std::int64_t id, std::string_view display_name,
                       std::string_view bio) override {
    if (auto s = storage::CheckProfile(display_name, bio); !s) return s;
    return db_.Write([&](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kUpdateProfile);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(display_name).Bind(bio).Bind(id);
      if (auto s = stmt->Run(); !s) return s;
      if (conn.Changes() == 0) return Fail(Errc::kNotFound, "user not found");
      return {};
    });
  }

 private:
  Database& db_;
};

// ---------------------------------------------------------------------------------------------
// Sessions

constexpr char kInsertSession[] =
    "INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kSessionByHash[] =
    "SELECT token_hash, user_id, csrf, kind, created_at, expires_at "
    "FROM sessions WHERE token_hash = ?";
constexpr char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = ?";
constexpr char kDeleteExpiredSessions[] = "DELETE FROM sessions WHERE expires_at <= ?";

class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& db) : db_(db) {}

  Status Create(const SessionRecord& session) override {
    if (auto s = storage::CheckSession(session); !s) return s;
    return db_.Write([&](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kInsertSession);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(session.token_hash)
          .Bind(session.user_id)
          .Bind(session.csrf)
          .Bind(storage::SessionKindName(session.kind))
          .Bind(session.created_at)
          .Bind(session.expires_at);
      auto s = stmt->Run();
      if (s) return s;
      if (s.error().code == Errc::kConflict) {
        return std::unexpected(Refine(s.error(), "session already exists", "token_hash"));
      }
      if (s.error().code == Errc::kNotFound) {
        return std::unexpected(Refine(s.error(), "user not found", "user_id"));
      }
      return s;
    });
  }

  Result<SessionRecord> Find(std::string_view token_hash) override {
    if (!storage::IsStorableText(token_hash)) return Fail(Errc::kNotFound, "session not found");
    return db_.Read([&](Connection& conn) -> Result<SessionRecord> {
      auto stmt = conn.Prepare(kSessionByHash);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(token_hash);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return Fail(Errc::kNotFound, "session not found");
      SessionRecord session;
      session.token_hash = stmt->Text(0);
      session.user_id = stmt->Int(1);
      session.csrf = stmt->Text(2);
      auto kind = storage::ParseSessionKind(stmt->Text(3));
      if (!kind) return CorruptRow();
      session.kind = *kind;
      session.created_at = stmt->Int(4);
      session.expires_at = stmt->Int(5);
      return session;
    });
  }

  Status Delete(std::string_view token_hash) override {
    if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
    return db_.Write([&](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kDeleteSession);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(token_hash);
      return stmt->Run();
    });
  }

  Result<std::int64_t> DeleteExpired(Timestamp now) override {
    return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
      auto stmt = conn.Prepare(kDeleteExpiredSessions);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(now);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
      return conn.Changes();
    });
  }

 private:
  Database& db_;
};

// ---------------------------------------------------------------------------------------------
// Posts

// The columns ReadPostRow() expects, joined from the post, its current revision and its author.
// `page` is the posts table or a subquery with the same columns.
#define PLAZA_POST_SELECT(page)                                                                  \
  "SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title, r.body_md, " \
  "r.body_html, r.lang, r.lang_source, r.slug, p.status, p.created_at, p.edited_at, "            \
  "p.comments, p.likes, p.reposts, p.shares, p.tips "                                            \
  "FROM " page                                                                                   \
  " p "                                                                                          \
  "JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision "               \
  "JOIN users u ON u.id = p.author_id "

constexpr char kPostById[] = PLAZA_POST_SELECT("posts") "WHERE p.id = ?";
// The page of posts is chosen first, from the index alone, and only its rows are joined: the
// plan stays a short index scan whatever the planner believes about table sizes.
constexpr char kListLive[] = PLAZA_POST_SELECT(
    "(SELECT * FROM posts WHERE status = 'live' AND id < ? ORDER BY id DESC LIMIT ?)")
    "ORDER BY p.id DESC";
constexpr char kListLiveByAuthor[] = PLAZA_POST_SELECT(
    "(SELECT * FROM posts WHERE author_id = ? AND status = 'live' AND id < ? "
    "ORDER BY id DESC LIMIT ?)") "ORDER BY p.id DESC";
#undef PLAZA_POST_SELECT

constexpr char kTokensOfRevision[] =
    "SELECT symbol FROM post_tokens WHERE post_id = ? AND revision = ? ORDER BY position";
constexpr char kTokensOfPost[] =
    "SELECT revision, symbol FROM post_tokens WHERE post_id = ? ORDER BY revision, position";
constexpr char kInsertPost[] =
    "INSERT INTO posts (author_id, current_revision, lang, lang_source, slug, status, "
    "created_at) VALUES (?, 1, ?, ?, ?, 'live', ?)";
constexpr char kInsertRevision[] =
    "INSERT INTO post_revisions (post_id, revision, title, body_md, body_html, lang, "
    "lang_source, slug, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertToken[] =
    "INSERT INTO post_tokens (post_id, revision, position, symbol) VALUES (?, ?, ?, ?)";
constexpr char kPostState[] = "SELECT status, current_revision FROM posts WHERE id = ?";
constexpr char kMoveRevision[] =
    "UPDATE posts SET current_revision = ?, lang = ?, lang_source = ?, slug = ?, edited_at = ? "
    "WHERE id = ?";
constexpr char kMarkDeleted[] =
    "UPDATE posts SET status = 'deleted', deleted_at = ? WHERE id = ? AND status <> 'deleted'";
constexpr char kPostExists[] = "SELECT 1 FROM posts WHERE id = ?";
constexpr char kRevisionsOfPost[] =
    "SELECT revision, title, body_md, body_html, lang, lang_source, slug "
    "FROM post_revisions WHERE post_id = ? ORDER BY revision";
constexpr char kCountPosts[] = "SELECT count(*) FROM posts";

Result<Post> ReadPostRow(const Statement& stmt) {
  Post post;
  post.id = stmt.Int(0);
  post.author_id = stmt.Int(1);
  post.author_handle = stmt.Text(2);
  post.author_display_name = stmt.Text(3);
  post.revision = static_cast<int>(stmt.Int(4));
  post.title = stmt.Text(5);
  post.body_md = stmt.Text(6);
  post.body_html = stmt.Text(7);
  post.lang = stmt.Text(8);
  auto lang_source = storage::ParseLangSource(stmt.Text(9));
  post.slug = stmt.Text(10);
  auto status = storage::ParsePostStatus(stmt.Text(11));
  if (!lang_source || !status) return CorruptRow();
  post.lang_source = *lang_source;
  post.status = *status;
  post.created_at = stmt.Int(12);
  post.edited_at = stmt.Int(13);
  post.counts.comments = stmt.Int(14);
  post.counts.likes = stmt.Int(15);
  post.counts.reposts = stmt.Int(16);
  post.counts.shares = stmt.Int(17);
  post.counts.tips = stmt.Int(18);
  return post;
}

Status LoadCashtags(Connection& conn, Post& post) {
  auto stmt = conn.Prepare(kTokensOfRevision);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(post.id).Bind(post.revision);
  for (;;) {
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
    post.cashtags.push_back(stmt->Text(0));
  }
}

Result<Post> LoadPost(Connection& conn, std::int64_t id) {
  Result<Post> post = [&]() -> Result<Post> {
    auto stmt = conn.Prepare(kPostById);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(id);
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(Errc::kNotFound, "post not found");
    return ReadPostRow(*stmt);
  }();
  if (!post) return post;
  if (auto s = LoadCashtags(conn, *post); !s) return std::unexpected(s.error());
  return post;
}

// Inserts revision `revision` of `post_id` with its cashtags.
Status InsertRevision(Connection& conn, std::int64_t post_id, int revision,
                      const RevisionContent& content, Timestamp at) {
  {
    auto stmt = conn.Prepare(kInsertRevision);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id)
        .Bind(revision)
        .Bind(content.title)
        .Bind(content.body_md)
        .Bind(content.body_html)
        .Bind(content.lang)
        .Bind(storage::LangSourceName(content.lang_source))
        .Bind(content.slug)
        .Bind(at);
    if (auto s = stmt->Run(); !s) return s;
  }
  for (std::size_t i = 0; i < content.cashtags.size(); ++i) {
    auto stmt = conn.Prepare(kInsertToken);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id).Bind(revision).Bind(static_cast<std::int64_t>(i)).Bind(content.cashtags[i]);
    if (auto s = stmt->Run(); !s) return s;
  }
  return {};
}

// Whether a post with this id exists, in any status.
Result<bool> PostExists(Connection& conn, std::int64_t id) {
  auto stmt = conn.Prepare(kPostExists);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(id);
  return stmt->Step();
}

class SqlitePostStore final : public PostStore {
 public:
  explicit SqlitePostStore(Database& db) : db_(db) {}

  Result<Post> Create(const NewPost& post) override {
    if (auto s = storage::CheckRevision(post.content); !s) return std::unexpected(s.error());
    return db_.Write([&](Connection& conn) -> Result<Post> {
      {
        auto stmt = conn.Prepare(kInsertPost);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(post.author_id)
            .Bind(post.content.lang)
            .Bind(storage::LangSourceName(post.content.lang_source))
            .Bind(post.content.slug)
            .Bind(post.created_at);
        if (auto s = stmt->Run(); !s) {
          if (s.error().code == Errc::kNotFound) {
            return std::unexpected(Refine(s.error(), "author not found", "author_id"));
          }
          return std::unexpected(s.error());
        }
      }
      const std::int64_t id = sqlite3_last_insert_rowid(conn.handle());
      if (auto s = InsertRevision(conn, id, 1, post.content, post.created_at); !s) {
        return std::unexpected(s.error());
      }
      return LoadPost(conn, id);
    });
  }

  Result<Post> Get(std::int64_t id) override {
    return db_.Read([&](Connection& conn) { return LoadPost(conn, id); });
  }

  Result<Post> Edit(const PostEdit& edit) override {
    if (auto s = storage::CheckRevision(edit.content); !s) return std::unexpected(s.error());
    return db_.Write([&](Connection& conn) -> Result<Post> {
      {
        auto stmt = conn.Prepare(kPostState);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(edit.post_id);
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return Fail(Errc::kNotFound, "post not found");
        if (stmt->Text(0) != storage::PostStatusName(PostStatus::kLive)) {
          return Fail(Errc::kGone, "post is deleted");
        }
        if (stmt->Int(1) != edit.expected_revision) {
          return Fail(Errc::kConflict, "post was edited since this revision", "revision");
        }
      }
      const int revision = edit.expected_revision + 1;
      if (auto s = InsertRevision(conn, edit.post_id, revision, edit.content, edit.edited_at); !s) {
        return std::unexpected(s.error());
      }
      {
        auto stmt = conn.Prepare(kMoveRevision);
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

  Status Delete(std::int64_t id, Timestamp at) override {
    return db_.Write([&](Connection& conn) -> Status {
      {
        auto stmt = conn.Prepare(kMarkDeleted);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(at).Bind(id);
        if (auto s = stmt->Run(); !s) return s;
      }
      if (conn.Changes() > 0) return {};
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
    return db_.Read([&](Connection& conn) -> Result<PostListPage> {
      PostListPage page;
      {
        auto stmt = conn.Prepare(author_id ? kListLiveByAuthor : kListLive);
        if (!stmt) return std::unexpected(stmt.error());
        if (author_id) stmt->Bind(*author_id);
        // One row more than asked tells whether another page exists.
        stmt->Bind(below).Bind(static_cast<std::int64_t>(page_size) + 1);
        for (;;) {
          auto row = stmt->Step();
          if (!row) return std::unexpected(row.error());
          if (!*row) break;
          auto post = ReadPostRow(*stmt);
          if (!post) return std::unexpected(post.error());
          page.items.push_back(std::move(*post));
        }
      }
      if (page.items.size() > static_cast<std::size_t>(page_size)) {
        page.items.pop_back();
        page.next_before_id = page.items.back().id;
      }
      for (auto& post : page.items) {
        if (auto s = LoadCashtags(conn, post); !s) return std::unexpected(s.error());
      }
      return page;
    });
  }

  Result<std::int64_t> Count() override {
    return db_.Read([&](Connection& conn) -> Result<std::int64_t> {
      auto stmt = conn.Prepare(kCountPosts);
      if (!stmt) return std::unexpected(stmt.error());
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      return *row ? stmt->Int(0) : 0;
    });
  }

  Result<std::vector<RevisionContent>> Revisions(std::int64_t id) override {
    return db_.Read([&](Connection& conn) -> Result<std::vector<RevisionContent>> {
      auto exists = PostExists(conn, id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return Fail(Errc::kNotFound, "post not found");
      std::vector<RevisionContent> revisions;
      {
        auto stmt = conn.Prepare(kRevisionsOfPost);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(id);
        for (;;) {
          auto row = stmt->Step();
          if (!row) return std::unexpected(row.error());
          if (!*row) break;
          // Revisions are numbered 1, 2, ... without gaps: the vector index is revision - 1.
          if (stmt->Int(0) != static_cast<std::int64_t>(revisions.size()) + 1) return CorruptRow();
          RevisionContent content;
          content.title = stmt->Text(1);
          content.body_md = stmt->Text(2);
          content.body_html = stmt->Text(3);
          content.lang = stmt->Text(4);
          auto lang_source = storage::ParseLangSource(stmt->Text(5));
          if (!lang_source) return CorruptRow();
          content.lang_source = *lang_source;
          content.slug = stmt->Text(6);
          revisions.push_back(std::move(content));
        }
      }
      auto stmt = conn.Prepare(kTokensOfPost);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(id);
      for (;;) {
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        const std::int64_t revision = stmt->Int(0);
        if (revision < 1 || revision > static_cast<std::int64_t>(revisions.size())) {
          return CorruptRow();
        }
        revisions[static_cast<std::size_t>(revision - 1)].cashtags.push_back(stmt->Text(1));
      }
      return revisions;
    });
  }

 private:
  Database& db_;
};

// ---------------------------------------------------------------------------------------------
// The store

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT";
constexpr char kSchemaVersion[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?, ?, CAST(strftime('%s', 'now') AS INTEGER) * 1000000)";
constexpr char kPing[] = "SELECT 1";

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db)
      : db_(std::move(db)), users_(*db_), sessions_(*db_), posts_(*db_) {}

  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  PostStore& posts() override { return posts_; }
  std::string BackendName() const override { return "sqlite"; }

  Result<int> Migrate() override {
    return db_->Write([](Connection& conn) -> Result<int> {
      if (auto s = conn.Exec(kCreateMigrationsTable); !s) return std::unexpected(s.error());
      int version = 0;
      {
        auto stmt = conn.Prepare(kSchemaVersion);
        if (!stmt) return std::unexpected(stmt.error());
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        version = *row ? static_cast<int>(stmt->Int(0)) : 0;
      }
      auto pending = storage::PendingMigrations(sqlite::Migrations(), version);
      if (!pending) return std::unexpected(pending.error());
      for (const storage::Migration* migration : *pending) {
        if (auto s = conn.Exec(migration->sql); !s) return std::unexpected(s.error());
        auto stmt = conn.Prepare(kRecordMigration);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(migration->version).Bind(migration->name);
        if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
        version = migration->version;
      }
      return version;
    });
  }

  Status Ping() override {
    return db_->Read([](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kPing);
      if (!stmt) return std::unexpected(stmt.error());
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      return {};
    });
  }

  Status Backup(const std::string& to_path) override {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (to_path.empty()) return Fail(Errc::kInvalidArgument, "backup path is empty", "path");
    if (fs::exists(to_path, ec) && fs::equivalent(to_path, db_->path(), ec)) {
      return Fail(Errc::kInvalidArgument, "backup path is the live database", "path");
    }
    // Copy into a side file and rename it into place, so `to_path` is either the previous file
    // or a complete backup, never half of one.
    const std::string partial = to_path + ".partial";
    fs::remove(partial, ec);
    auto copied = db_->WithReader([&](Connection& source) -> Status {
      sqlite3* dest = nullptr;
      int rc = sqlite3_open_v2(partial.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               nullptr);
      if (rc == SQLITE_OK) {
        sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source.handle(), "main");
        if (backup == nullptr) {
          rc = sqlite3_extended_errcode(dest);
        } else {
          // One step copies every page under a single read transaction: a consistent snapshot,
          // while WAL lets the writer carry on.
          rc = sqlite3_backup_step(backup, -1);
          const int finish_rc = sqlite3_backup_finish(backup);
          rc = rc == SQLITE_DONE ? finish_rc : rc;
        }
      }
      sqlite3_close_v2(dest);
      if (rc != SQLITE_OK) return std::unexpected(sqlite::ErrorFromCode(rc));
      return {};
    });
    if (!copied) {
      fs::remove(partial, ec);
      return copied;
    }
    fs::rename(partial, to_path, ec);
    if (ec) {
      fs::remove(partial, ec);
      return Fail(Errc::kInternal, "could not move the backup into place", "path");
    }
    return {};
  }

  PoolStats Pool() const override { return db_->Stats(); }

 private:
  std::unique_ptr<Database> db_;
  SqliteUserStore users_;
  SqliteSessionStore sessions_;
  SqlitePostStore posts_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOptions& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return Fail(Errc::kInvalidArgument, "the SQLite store needs a file path", "path");
  }
  auto db = Database::Open(path, options);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Store>(new SqliteStore(std::move(*db)));
}

}  // namespace plaza
