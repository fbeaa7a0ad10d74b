#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
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

  // Runs `f` on the writer inside a BEGIN IMMEDIATE ... COMMIT transaction and returns once
  // that transaction committed; when `f` fails, nothing it wrote is kept.
  //
  // Group commit: writes that arrive while the writer is busy are run together, one after the
  // other, in the next transaction, each inside its own SAVEPOINT (a failing `f` rolls back to
  // it, leaving the others' work alone). With synchronous=FULL a commit costs an fsync (a few
  // milliseconds on common disks) while a write itself costs microseconds, so concurrent writers
  // (job workers, posting readers) share fsyncs instead of queueing for one each. Every `f` still
  // runs alone on the connection and sees the writes committed or batched before it, so each
  // one is as atomic and isolated as if it had its own transaction.
  template <typename F>
  ResultOf<F> Write(F&& f) {
    std::optional<ResultOf<F>> outcome;
    WriteRequest request;
    request.run = [&](Connection& conn) -> std::optional<Error> {
      outcome.emplace(f(conn));
      if (*outcome) return std::nullopt;
      return outcome->error();
    };
    request.fail = [&](const Error& error) { outcome.emplace(std::unexpected(error)); };
    if (auto s = Submit(request); !s) return std::unexpected(s.error());
    // Submit() returns once the request ran or its batch failed: either sets the outcome.
    if (!outcome.has_value()) return Fail(Errc::kInternal, "storage failure: a write was lost");
    return std::move(*outcome);
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
      writer_busy = leading_;
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

  // One Write() call, waiting for a batch or being run by one.
  struct WriteRequest {
    std::function<std::optional<Error>(Connection&)> run;  // runs `f`: nullopt when it succeeded
    std::function<void(const Error&)> fail;  // replaces the outcome (the batch did not commit)
    bool taken = false;                      // guarded by writer_mu_: part of a running batch
    bool done = false;                       // guarded by writer_mu_: outcome final
  };

  // Most writes one transaction carries: bounds how long a batch holds the writer.
  static constexpr std::size_t kMaxBatch = 64;

  // Queues `request` and returns once it ran and its batch committed (or failed). The first
  // caller to find no leader leads: it runs batches of whatever is pending until its own
  // request is done, then hands over. kUnavailable when the request waited longer than the busy
  // timeout without being taken into a batch.
  Status Submit(WriteRequest& request) {
    std::unique_lock lock(writer_mu_);
    pending_.push_back(&request);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
    while (!request.done && leading_) {
      if (request.taken) {
        writer_cv_.wait(lock);  // our batch is running: its outcome comes soon
      } else if (writer_cv_.wait_until(lock, deadline) == std::cv_status::timeout &&
                 !request.taken && !request.done && leading_) {
        pending_.erase(std::find(pending_.begin(), pending_.end(), &request));
        return Fail(Errc::kUnavailable, "database is busy");
      }
    }
    if (request.done) return {};
    leading_ = true;
    while (!request.done) {
      std::vector<WriteRequest*> batch;
      while (!pending_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(pending_.front());
        pending_.pop_front();
        batch.back()->taken = true;
      }
      lock.unlock();
      RunBatch(batch);
      lock.lock();
      // After this, a request's owner may return and destroy it: do not touch `batch` again.
      for (WriteRequest* done : batch) done->done = true;
      writer_cv_.notify_all();
    }
    leading_ = false;
    writer_cv_.notify_all();  // a waiting request becomes the next leader
    return {};
  }

  // Runs the requests of one batch in one transaction on the writer, each inside a savepoint.
  void RunBatch(const std::vector<WriteRequest*>& batch) {
    Connection& conn = *writer_;
    // A transaction left open by a failed ROLLBACK would make BEGIN fail: end it.
    if (conn.InTransaction()) {
      [[maybe_unused]] auto rolled_back = RunSql(conn, "ROLLBACK");
    }
    std::vector<WriteRequest*> applied;  // succeeded inside the open transaction
    const auto lose_applied = [&](const Error& error) {
      for (WriteRequest* r : applied) r->fail(error);
      applied.clear();
    };
    for (std::size_t i = 0; i < batch.size(); ++i) {
      WriteRequest* request = batch[i];
      // Not in a transaction: the first request, or SQLite rolled the transaction back after an
      // error (disk full, I/O error) and a new one starts for the rest of the batch.
      if (!conn.InTransaction()) {
        if (auto s = RunSql(conn, "BEGIN IMMEDIATE"); !s) {
          // Typically busy after the busy timeout: the rest of the batch would wait as long.
          for (std::size_t j = i; j < batch.size(); ++j) batch[j]->fail(s.error());
          break;
        }
      }
      if (auto s = RunSql(conn, "SAVEPOINT plaza_write"); !s) {
        request->fail(s.error());
        continue;
      }
      std::optional<Error> error;
      try {
        error = request->run(conn);
      } catch (...) {
        // The store reports errors as values; this is std::bad_alloc or a bug. The leader must
        // go on: other threads wait for this batch.
        error = Fail(Errc::kInternal, "storage failure: exception in a write").error();
        request->fail(*error);
      }
      if (!error) {
        if (auto s = RunSql(conn, "RELEASE plaza_write"); !s) {
          error = s.error();
          request->fail(s.error());
        } else {
          applied.push_back(request);
          continue;
        }
      }
      if (!conn.InTransaction()) {
        lose_applied(*error);  // the whole transaction is gone, with the writes before this one
        continue;
      }
      auto undone = RunSql(conn, "ROLLBACK TO plaza_write");
      if (undone) undone = RunSql(conn, "RELEASE plaza_write");
      if (!undone) {
        // The transaction's state is unknown: give it up, with the writes it held.
        [[maybe_unused]] auto rolled_back = RunSql(conn, "ROLLBACK");
        lose_applied(undone.error());
      }
    }
    if (!conn.InTransaction()) return;
    if (auto s = RunSql(conn, "COMMIT"); !s) {
      // SQLite may already have rolled back (I/O error, disk full); the next batch checks.
      [[maybe_unused]] auto rolled_back = RunSql(conn, "ROLLBACK");
      lose_applied(s.error());
    }
  }

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

  // Writes queue for the writer connection and are run in batches by one leader at a time (a
  // condition variable rather than a timed mutex: waits are bounded and ThreadSanitizer
  // understands them).
  mutable std::mutex writer_mu_;
  std::condition_variable writer_cv_;
  std::deque<WriteRequest*> pending_;   // guarded by writer_mu_: not yet in a batch
  bool leading_ = false;                // guarded by writer_mu_: a thread is running batches
  std::unique_ptr<Connection> writer_;  // used only by the thread that set leading_

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
// Jobs

#define PLAZA_JOB_COLUMNS                                                                  \
  "id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner, " \
  "lease_until, last_error, created_at, updated_at"

constexpr char kInsertJob[] =
    "INSERT INTO jobs (kind, dedupe_key, payload, max_attempts, run_after, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, dedupe_key) DO NOTHING "
    "RETURNING " PLAZA_JOB_COLUMNS;
constexpr char kJobByKey[] =
    "SELECT " PLAZA_JOB_COLUMNS " FROM jobs WHERE kind = ? AND dedupe_key = ?";
constexpr char kJobById[] = "SELECT " PLAZA_JOB_COLUMNS " FROM jobs WHERE id = ?";
constexpr char kJobExists[] = "SELECT 1 FROM jobs WHERE id = ?";
// INDEXED BY pins the claim statements to their partial indexes: without statistics SQLite
// would pick jobs_by_state and sort the whole backlog on every claim.
// Expired leases on the last attempt end the job instead of being claimed again.
constexpr char kBuryExpired[] =
    "UPDATE jobs INDEXED BY jobs_leases SET state = 'dead', last_error = 'lease expired', "
    "lease_owner = '', lease_until = 0, updated_at = ?1 "
    "WHERE state = 'running' AND lease_until < ?1 AND attempts >= max_attempts "
    "RETURNING " PLAZA_JOB_COLUMNS;
constexpr char kBuryExpiredOfKind[] =
    "UPDATE jobs INDEXED BY jobs_leases SET state = 'dead', last_error = 'lease expired', "
    "lease_owner = '', lease_until = 0, updated_at = ?1 "
    "WHERE state = 'running' AND lease_until < ?1 AND attempts >= max_attempts AND kind = ?2 "
    "RETURNING " PLAZA_JOB_COLUMNS;
// Claim candidates: the oldest due queued jobs, read in order from a partial index, and the
// expired leases (few: at most the batches of dead workers); the caller merges both sides.
constexpr char kDueJobs[] =
    "SELECT id, run_after FROM (SELECT id, run_after FROM jobs INDEXED BY jobs_queued "
    "WHERE state = 'queued' AND run_after <= ?1 ORDER BY run_after, id LIMIT ?2) "
    "UNION ALL SELECT id, run_after FROM (SELECT id, run_after FROM jobs INDEXED BY jobs_leases "
    "WHERE state = 'running' AND lease_until < ?1 AND attempts < max_attempts "
    "ORDER BY run_after, id LIMIT ?2)";
constexpr char kDueJobsOfKind[] =
    "SELECT id, run_after FROM (SELECT id, run_after FROM jobs INDEXED BY jobs_queued_by_kind "
    "WHERE state = 'queued' AND kind = ?3 AND run_after <= ?1 ORDER BY run_after, id LIMIT ?2) "
    "UNION ALL SELECT id, run_after FROM (SELECT id, run_after FROM jobs INDEXED BY jobs_leases "
    "WHERE state = 'running' AND lease_until < ?1 AND attempts < max_attempts AND kind = ?3 "
    "ORDER BY run_after, id LIMIT ?2)";
constexpr char kClaimJob[] =
    "UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, "
    "attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING " PLAZA_JOB_COLUMNS;
constexpr char kHeartbeat[] =
    "UPDATE jobs SET lease_until = ? WHERE id = ? AND state = 'running' AND lease_owner = ?";
constexpr char kCompleteJob[] =
    "UPDATE jobs SET state = 'done', lease_owner = '', lease_until = 0, updated_at = ? "
    "WHERE id = ? AND state = 'running' AND lease_owner = ?";
constexpr char kReleaseJob[] =
    "UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), run_after = ?1, "
    "lease_owner = '', lease_until = 0, updated_at = ?1 "
    "WHERE id = ?2 AND state = 'running' AND lease_owner = ?3";
constexpr char kFailJob[] =
    "UPDATE jobs SET "
    "state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'dead' END, "
    "run_after = CASE WHEN attempts < max_attempts THEN ?1 ELSE run_after END, "
    "last_error = ?2, lease_owner = '', lease_until = 0, updated_at = ?3 "
    "WHERE id = ?4 AND state = 'running' AND lease_owner = ?5 RETURNING state";
// List: one statement per combination of filters, so each can use its index.
constexpr char kListJobs[] =
    "SELECT " PLAZA_JOB_COLUMNS " FROM jobs WHERE id < ? ORDER BY id DESC LIMIT ?";
constexpr char kListJobsByState[] = "SELECT " PLAZA_JOB_COLUMNS
                                    " FROM jobs WHERE state = ? AND id < ? "
                                    "ORDER BY id DESC LIMIT ?";
constexpr char kListJobsByKind[] = "SELECT " PLAZA_JOB_COLUMNS
                                   " FROM jobs WHERE kind = ? AND id < ? "
                                   "ORDER BY id DESC LIMIT ?";
constexpr char kListJobsByStateAndKind[] = "SELECT " PLAZA_JOB_COLUMNS
                                           " FROM jobs WHERE state = ? AND kind = ? AND id < ? "
                                           "ORDER BY id DESC LIMIT ?";
constexpr char kCountJobs[] =
    "SELECT kind, state, count(*) FROM jobs GROUP BY kind, state ORDER BY kind, state";
constexpr char kRetryJob[] =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?1, lease_owner = '', "
    "lease_until = 0, updated_at = ?1 WHERE id = ?2 AND state = 'dead'";
constexpr char kRetryDead[] =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?1, lease_owner = '', "
    "lease_until = 0, updated_at = ?1 WHERE state = 'dead'";
constexpr char kRetryDeadOfKind[] =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?1, lease_owner = '', "
    "lease_until = 0, updated_at = ?1 WHERE state = 'dead' AND kind = ?2";
constexpr char kPurgeFinished[] =
    "DELETE FROM jobs WHERE state IN ('done', 'dead') AND updated_at < ?";
constexpr char kPurgeState[] = "DELETE FROM jobs WHERE state = ? AND updated_at < ?";
#undef PLAZA_JOB_COLUMNS

// Reads a job from the current row (columns as PLAZA_JOB_COLUMNS).
Result<Job> ReadJobRow(const Statement& stmt) {
  Job job;
  job.id = stmt.Int(0);
  job.kind = stmt.Text(1);
  job.dedupe_key = stmt.Text(2);
  job.payload = stmt.Text(3);
  auto state = ParseJobState(stmt.Text(4));
  if (!state) return CorruptRow();
  job.state = *state;
  job.attempts = static_cast<int>(stmt.Int(5));
  job.max_attempts = static_cast<int>(stmt.Int(6));
  job.run_after = stmt.Int(7);
  job.lease_owner = stmt.Text(8);
  job.lease_until = stmt.Int(9);
  job.last_error = stmt.Text(10);
  job.created_at = stmt.Int(11);
  job.updated_at = stmt.Int(12);
  return job;
}

// Steps `stmt` to its end and collects every row as a job.
Result<std::vector<Job>> ReadJobRows(Statement& stmt) {
  std::vector<Job> jobs;
  for (;;) {
    auto row = stmt.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return jobs;
    auto job = ReadJobRow(stmt);
    if (!job) return std::unexpected(job.error());
    jobs.push_back(std::move(*job));
  }
}

// Inserts the job unless one of that kind and dedupe key exists; returns whichever is stored.
Result<Enqueued> InsertJob(Connection& conn, const NewJob& job, Timestamp now) {
  {
    auto stmt = conn.Prepare(kInsertJob);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(job.kind)
        .Bind(job.dedupe_key)
        .Bind(job.payload)
        .Bind(static_cast<std::int64_t>(job.max_attempts))
        .Bind(job.run_after)
        .Bind(now)
        .Bind(now);
    auto inserted = ReadJobRows(*stmt);
    if (!inserted) return std::unexpected(inserted.error());
    if (!inserted->empty()) return Enqueued{std::move(inserted->front()), true};
  }
  auto stmt = conn.Prepare(kJobByKey);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(job.kind).Bind(job.dedupe_key);
  auto existing = ReadJobRows(*stmt);
  if (!existing) return std::unexpected(existing.error());
  if (existing->empty()) return Fail(Errc::kInternal, "enqueued job vanished");
  return Enqueued{std::move(existing->front()), false};
}

// Enqueues the jobs a post write asks for, for revision `revision` of `post_id`.
Status InsertRevisionJobs(Connection& conn, std::int64_t post_id, int revision,
                          const std::vector<RevisionJob>& jobs, Timestamp at) {
  for (const auto& job : jobs) {
    NewJob next;
    next.kind = job.kind;
    next.dedupe_key = storage::RevisionJobKey(post_id, revision);
    next.payload = next.dedupe_key;
    next.max_attempts = job.max_attempts;
    next.run_after = at;
    auto enqueued = InsertJob(conn, next, at);
    if (!enqueued) return std::unexpected(enqueued.error());
  }
  return {};
}

// After a write restricted to job `id` in a given state changed nothing: kNotFound when no job
// has that id, else kConflict.
Status JobUntouched(Connection& conn, std::int64_t id) {
  auto stmt = conn.Prepare(kJobExists);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(id);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(Errc::kNotFound, "job not found");
  return Fail(Errc::kConflict, "job is not running under this owner");
}

// Marks job `id` done if it runs under `owner`; returns whether it did.
Result<bool> CompleteJob(Connection& conn, std::int64_t id, const std::string& owner,
                         Timestamp now) {
  auto stmt = conn.Prepare(kCompleteJob);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(now).Bind(id).Bind(owner);
  if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
  return conn.Changes() > 0;
}

class SqliteJobStore final : public JobStore {
 public:
  explicit SqliteJobStore(Database& db) : db_(db) {}

  Result<Enqueued> Enqueue(const NewJob& job, Timestamp now) override {
    if (auto s = storage::CheckNewJob(job); !s) return std::unexpected(s.error());
    return db_.Write([&](Connection& conn) { return InsertJob(conn, job, now); });
  }

  Result<std::vector<Job>> Claim(const std::string& owner, const std::vector<std::string>& kinds,
                                 int limit, Timestamp now, std::int64_t lease_us) override {
    if (auto s = storage::CheckClaim(owner, kinds, limit, lease_us); !s) {
      return std::unexpected(s.error());
    }
    const Timestamp lease_until = now + lease_us;
    // Selecting and updating in one write transaction: no other claim can interleave, and the
    // whole batch costs one commit.
    return db_.Write([&](Connection& conn) -> Result<std::vector<Job>> {
      struct Candidate {
        Timestamp run_after;
        std::int64_t id;
        bool operator<(const Candidate& o) const {
          return run_after != o.run_after ? run_after < o.run_after : id < o.id;
        }
      };
      std::vector<Candidate> candidates;
      std::vector<Job> buried;
      // One pass per kind (or one for all kinds): each reads an ordered index range.
      const std::size_t passes = kinds.empty() ? 1 : kinds.size();
      for (std::size_t i = 0; i < passes; ++i) {
        {
          auto stmt = conn.Prepare(kinds.empty() ? kBuryExpired : kBuryExpiredOfKind);
          if (!stmt) return std::unexpected(stmt.error());
          stmt->Bind(now);
          if (!kinds.empty()) stmt->Bind(kinds[i]);
          auto rows = ReadJobRows(*stmt);
          if (!rows) return std::unexpected(rows.error());
          for (Job& job : *rows) buried.push_back(std::move(job));
        }
        auto stmt = conn.Prepare(kinds.empty() ? kDueJobs : kDueJobsOfKind);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(now).Bind(static_cast<std::int64_t>(limit));
        if (!kinds.empty()) stmt->Bind(kinds[i]);
        for (;;) {
          auto row = stmt->Step();
          if (!row) return std::unexpected(row.error());
          if (!*row) break;
          candidates.push_back({stmt->Int(1), stmt->Int(0)});
        }
      }
      std::sort(candidates.begin(), candidates.end());
      // The same kind named twice yields the same rows twice.
      candidates.erase(
          std::unique(candidates.begin(), candidates.end(),
                      [](const Candidate& a, const Candidate& b) { return a.id == b.id; }),
          candidates.end());
      if (candidates.size() > static_cast<std::size_t>(limit)) {
        candidates.resize(static_cast<std::size_t>(limit));
      }
      std::vector<Job> claimed;
      claimed.reserve(candidates.size());
      for (const auto& candidate : candidates) {
        auto stmt = conn.Prepare(kClaimJob);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(owner).Bind(lease_until).Bind(now).Bind(candidate.id);
        auto rows = ReadJobRows(*stmt);
        if (!rows) return std::unexpected(rows.error());
        if (rows->size() != 1) return CorruptRow();
        claimed.push_back(std::move(rows->front()));
      }
      for (Job& job : buried) claimed.push_back(std::move(job));
      return claimed;
    });
  }

  Status Heartbeat(std::int64_t id, const std::string& owner, Timestamp lease_until) override {
    if (auto s = storage::CheckOwner(owner); !s) return s;
    return db_.Write([&](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kHeartbeat);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(lease_until).Bind(id).Bind(owner);
      if (auto s = stmt->Run(); !s) return s;
      if (conn.Changes() > 0) return {};
      return JobUntouched(conn, id);
    });
  }

  Status Complete(std::int64_t id, const std::string& owner, Timestamp now) override {
    if (auto s = storage::CheckOwner(owner); !s) return s;
    return db_.Write([&](Connection& conn) -> Status {
      auto changed = CompleteJob(conn, id, owner, now);
      if (!changed) return std::unexpected(changed.error());
      if (*changed) return {};
      return JobUntouched(conn, id);
    });
  }

  Status Release(std::int64_t id, const std::string& owner, Timestamp now) override {
    if (auto s = storage::CheckOwner(owner); !s) return s;
    return db_.Write([&](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kReleaseJob);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(now).Bind(id).Bind(owner);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
      if (conn.Changes() > 0) return {};
      return JobUntouched(conn, id);
    });
  }

  Result<JobState> Fail(std::int64_t id, const std::string& owner, const std::string& error,
                        Timestamp now, Timestamp retry_at) override {
    if (auto s = storage::CheckOwner(owner); !s) return std::unexpected(s.error());
    auto text = storage::JobErrorText(error);
    if (!text) return std::unexpected(text.error());
    return db_.Write([&](Connection& conn) -> Result<JobState> {
      {
        auto stmt = conn.Prepare(kFailJob);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(retry_at).Bind(*text).Bind(now).Bind(id).Bind(owner);
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (*row) {
          auto state = ParseJobState(stmt->Text(0));
          if (!state) return CorruptRow();
          if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
          return *state;
        }
      }
      auto untouched = JobUntouched(conn, id);
      return std::unexpected(untouched.error());
    });
  }

  Result<Job> Get(std::int64_t id) override {
    return db_.Read([&](Connection& conn) -> Result<Job> {
      auto stmt = conn.Prepare(kJobById);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(id);
      auto rows = ReadJobRows(*stmt);
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return plaza::Fail(Errc::kNotFound, "job not found");
      return std::move(rows->front());
    });
  }

  Result<std::vector<Job>> List(const JobFilter& filter) override {
    if (auto s = storage::CheckJobFilter(filter); !s) return std::unexpected(s.error());
    const std::int64_t below = filter.before_id.value_or(std::numeric_limits<std::int64_t>::max());
    const char* sql = filter.state ? (filter.kind ? kListJobsByStateAndKind : kListJobsByState)
                                   : (filter.kind ? kListJobsByKind : kListJobs);
    return db_.Read([&](Connection& conn) -> Result<std::vector<Job>> {
      auto stmt = conn.Prepare(sql);
      if (!stmt) return std::unexpected(stmt.error());
      if (filter.state) stmt->Bind(JobStateName(*filter.state));
      if (filter.kind) stmt->Bind(*filter.kind);
      stmt->Bind(below).Bind(static_cast<std::int64_t>(filter.limit));
      return ReadJobRows(*stmt);
    });
  }

  Result<std::vector<JobCount>> Counts() override {
    return db_.Read([&](Connection& conn) -> Result<std::vector<JobCount>> {
      auto stmt = conn.Prepare(kCountJobs);
      if (!stmt) return std::unexpected(stmt.error());
      std::vector<JobCount> counts;
      for (;;) {
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return counts;
        auto state = ParseJobState(stmt->Text(1));
        if (!state) return CorruptRow();
        counts.push_back({stmt->Text(0), *state, stmt->Int(2)});
      }
    });
  }

  Status Retry(std::int64_t id, Timestamp now) override {
    return db_.Write([&](Connection& conn) -> Status {
      auto stmt = conn.Prepare(kRetryJob);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(now).Bind(id);
      if (auto s = stmt->Run(); !s) return s;
      if (conn.Changes() > 0) return {};
      auto untouched = JobUntouched(conn, id);
      if (untouched.error().code == Errc::kConflict) {
        return plaza::Fail(Errc::kConflict, "job is not dead");
      }
      return untouched;
    });
  }

  Result<std::int64_t> RetryDead(const std::optional<std::string>& kind, Timestamp now) override {
    if (kind && !storage::IsStorableText(*kind)) {
      return plaza::Fail(Errc::kInvalidArgument, "kind must be valid UTF-8 without NUL", "kind");
    }
    return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
      auto stmt = conn.Prepare(kind ? kRetryDeadOfKind : kRetryDead);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(now);
      if (kind) stmt->Bind(*kind);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
      return conn.Changes();
    });
  }

  Result<std::int64_t> Purge(std::optional<JobState> state, Timestamp updated_before) override {
    if (state && *state != JobState::kDone && *state != JobState::kDead) {
      return plaza::Fail(Errc::kInvalidArgument, "only done and dead jobs can be purged", "state");
    }
    return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
      auto stmt = conn.Prepare(state ? kPurgeState : kPurgeFinished);
      if (!stmt) return std::unexpected(stmt.error());
      if (state) stmt->Bind(JobStateName(*state));
      stmt->Bind(updated_before);
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
constexpr char kDeleteSummaries[] = "DELETE FROM summaries WHERE post_id = ?";
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
    if (auto s = storage::CheckRevisionJobs(post.jobs); !s) return std::unexpected(s.error());
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
      if (auto s = InsertRevisionJobs(conn, id, 1, post.jobs, post.created_at); !s) {
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
    if (auto s = storage::CheckRevisionJobs(edit.jobs); !s) return std::unexpected(s.error());
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
      if (auto s = InsertRevisionJobs(conn, edit.post_id, revision, edit.jobs, edit.edited_at);
          !s) {
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
      if (conn.Changes() == 0) {
        auto exists = PostExists(conn, id);
        if (!exists) return std::unexpected(exists.error());
        if (!*exists) return Fail(Errc::kNotFound, "post not found");
        // Already deleted: its summaries are gone too, but deleting again costs nothing.
      }
      auto stmt = conn.Prepare(kDeleteSummaries);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(id);
      return stmt->Run();
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
// Summaries

constexpr char kPutSummary[] =
    "INSERT INTO summaries (post_id, revision, status, text, lang, engine, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, revision) DO UPDATE SET "
    "status = excluded.status, text = excluded.text, lang = excluded.lang, "
    "engine = excluded.engine, updated_at = excluded.updated_at";
constexpr char kSummariesOfPost[] =
    "SELECT post_id, revision, status, text, lang, engine, updated_at FROM summaries "
    "WHERE post_id = ? ORDER BY revision DESC";

class SqliteSummaryStore final : public SummaryStore {
 public:
  explicit SqliteSummaryStore(Database& db) : db_(db) {}

  Status Put(const Summary& summary, const std::optional<JobTicket>& completes) override {
    if (auto s = storage::CheckSummary(summary); !s) return s;
    if (completes && !storage::IsStorableText(completes->owner)) {
      return Fail(Errc::kInvalidArgument, "owner must be valid UTF-8 without NUL", "owner");
    }
    // The summary and the end of its job commit together: one commit per job.
    return db_.Write([&](Connection& conn) -> Status {
      {
        auto stmt = conn.Prepare(kPostState);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(summary.post_id);
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row || stmt->Text(0) != storage::PostStatusName(PostStatus::kLive)) {
          return Fail(Errc::kNotFound, "post not found", "post_id");
        }
        if (summary.revision > stmt->Int(1)) {
          return Fail(Errc::kNotFound, "post has no such revision", "revision");
        }
      }
      {
        auto stmt = conn.Prepare(kPutSummary);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(summary.post_id)
            .Bind(static_cast<std::int64_t>(summary.revision))
            .Bind(SummaryStatusName(summary.status))
            .Bind(summary.text)
            .Bind(summary.lang)
            .Bind(summary.engine)
            .Bind(summary.updated_at);
        if (auto s = stmt->Run(); !s) return s;
      }
      if (completes) {
        // Not running under that owner any more (a reclaim, an operator): the summary stands.
        auto changed = CompleteJob(conn, completes->job_id, completes->owner, summary.updated_at);
        if (!changed) return std::unexpected(changed.error());
      }
      return {};
    });
  }

  Result<std::vector<Summary>> ForPost(std::int64_t post_id) override {
    return db_.Read([&](Connection& conn) -> Result<std::vector<Summary>> {
      auto stmt = conn.Prepare(kSummariesOfPost);
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(post_id);
      std::vector<Summary> summaries;
      for (;;) {
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return summaries;
        Summary summary;
        summary.post_id = stmt->Int(0);
        summary.revision = static_cast<int>(stmt->Int(1));
        auto status = storage::ParseSummaryStatus(stmt->Text(2));
        if (!status) return CorruptRow();
        summary.status = *status;
        summary.text = stmt->Text(3);
        summary.lang = stmt->Text(4);
        summary.engine = stmt->Text(5);
        summary.updated_at = stmt->Int(6);
        summaries.push_back(std::move(summary));
      }
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
      : db_(std::move(db)),
        users_(*db_),
        sessions_(*db_),
        posts_(*db_),
        jobs_(*db_),
        summaries_(*db_) {}

  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  PostStore& posts() override { return posts_; }
  JobStore& jobs() override { return jobs_; }
  SummaryStore& summaries() override { return summaries_; }
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
  SqliteJobStore jobs_;
  SqliteSummaryStore summaries_;
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
