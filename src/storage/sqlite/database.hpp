#pragma once

// The SQLite store's connections: one writer that runs every write in a BEGIN IMMEDIATE
// transaction with group commit, and a pool of reader connections. Shared by the per-aggregate
// stores of this folder; sqlite3.h stays in the .cpp files.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "storage/rows.hpp"
#include "storage/sql_files.hpp"
#include "storage/sqlite/sqlite_db.hpp"
#include "storage/store.hpp"

namespace plaza::sqlite {

/// The text of src/storage/sqlite/sql/<name>.sql (see storage::Sql).
inline const char* Query(std::string_view name) { return storage::Sql("sqlite", name); }

template <typename F>
using ResultOf = std::invoke_result_t<F&, Connection&>;

/// Runs one cached statement that returns no rows.
inline Status RunSql(Connection& conn, std::string_view sql) {
  auto stmt = conn.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  return stmt->Run();
}

/// Steps `stmt` to its end and converts every row with `from`.
template <typename T>
Result<std::vector<T>> ReadRows(Statement& stmt, Result<T> (*from)(const storage::Row&)) {
  std::vector<T> items;
  for (;;) {
    auto row = stmt.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return items;
    auto item = from(stmt);
    if (!item) return std::unexpected(item.error());
    items.push_back(std::move(*item));
  }
}

/// Steps `stmt` once and converts the row with `from`; kNotFound with `not_found` when there is
/// none.
template <typename T>
Result<T> ReadOne(Statement& stmt, Result<T> (*from)(const storage::Row&), const char* not_found) {
  auto row = stmt.Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(Errc::kNotFound, not_found);
  return from(stmt);
}

/// The writer, the reader pool and the transactions around them.
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const StoreOptions& options);

  // Runs `f` on a reader connection inside one read transaction, so every statement of `f`
  // sees the same snapshot. Inside ReadTogether on this thread: in its transaction.
  template <typename F>
  ResultOf<F> Read(F&& f) {
    if (Connection* shared = SharedReader()) return f(*shared);
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

  // Runs `f` with every Read() of this thread in one read transaction on one reader
  // (Store::ReadTogether). Nested calls join the outer one.
  Status ReadTogether(const std::function<Status()>& f);

  PoolStats Stats() const;

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
  Status Submit(WriteRequest& request);

  // Runs the requests of one batch in one transaction on the writer, each inside a savepoint.
  void RunBatch(const std::vector<WriteRequest*>& batch);

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

  Result<ReaderLease> AcquireReader();

  // The reader of this thread's ReadTogether on this database, or null.
  Connection* SharedReader() const;

  void ReleaseReader(std::unique_ptr<Connection> conn);

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
}  // namespace plaza::sqlite
