#pragma once

// Internal wrappers over libpq for the PostgreSQL store: one connection with its cache of
// prepared statements, a query result, and a pool of connections. Driver types are only
// forward-declared here; libpq-fe.h stays in .cpp files.

#include <chrono>
#include <concepts>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "storage/rows.hpp"
#include "storage/sql_files.hpp"
#include "storage/store.hpp"

struct pg_conn;
struct pg_result;

namespace plaza::pg {

/// One query parameter, sent as text. The store never needs SQL NULL parameters.
class Param {
 public:
  template <std::integral T>
  Param(T value) : text_(std::to_string(value)) {}       // NOLINT: implicit by design
  Param(std::string_view value) : text_(value) {}        // NOLINT: implicit by design
  Param(const char* value) : text_(value) {}             // NOLINT: implicit by design
  Param(std::string value) : text_(std::move(value)) {}  // NOLINT: implicit by design
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

/// PostgreSQL array literals for `$n::bigint[]` / `$n::text[]` parameters.
std::string IntArrayLiteral(const std::vector<std::int64_t>& values);
std::string TextArrayLiteral(const std::vector<std::string>& values);

/// An owned PGresult in text format.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int Rows() const;
  std::string Text(int row, int column) const;
  std::int64_t Int(int row, int column) const;
  /// Rows touched by an INSERT, UPDATE or DELETE.
  std::int64_t Affected() const;
  const pg_result* get() const { return result_; }

 private:
  pg_result* result_;
};

/// Row `row` of a result, read as a storage::Row.
class PgRow final : public storage::Row {
 public:
  PgRow(const PgResult& result, int row) : result_(result), row_(row) {}
  std::int64_t Int(int column) const override { return result_.Int(row_, column); }
  std::string Text(int column) const override { return result_.Text(row_, column); }

 private:
  const PgResult& result_;
  int row_;
};

/// Every row of `rows` converted with `from`.
template <typename T>
Result<std::vector<T>> ReadRows(const PgResult& rows, Result<T> (*from)(const storage::Row&)) {
  std::vector<T> items;
  items.reserve(static_cast<std::size_t>(rows.Rows()));
  for (int i = 0; i < rows.Rows(); ++i) {
    auto item = from(PgRow(rows, i));
    if (!item) return std::unexpected(item.error());
    items.push_back(std::move(*item));
  }
  return items;
}

/// The first row of `rows` converted with `from`; kNotFound with `not_found` when there is none.
template <typename T>
Result<T> ReadOne(const PgResult& rows, Result<T> (*from)(const storage::Row&),
                  const char* not_found) {
  if (rows.Rows() == 0) return Fail(Errc::kNotFound, not_found);
  return from(PgRow(rows, 0));
}

/// The text of src/storage/postgres/sql/<name>.sql (see storage::Sql).
inline const char* Query(std::string_view name) { return storage::Sql("postgres", name); }

/// One libpq connection. Not thread-safe: the pool hands it to one thread at a time.
class PgConnection {
 public:
  /// `conninfo` is a libpq connection string or URI. The session speaks UTF-8 whatever the
  /// string says; `connect_timeout_s` applies unless the string sets its own.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo,
                                                    int connect_timeout_s);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Runs `sql` (a NUL-terminated string with static storage duration: the statement cache keys
  /// on it) as a prepared statement of this connection.
  Result<PgResult> Exec(const char* sql, std::span<const Param> params);
  Result<PgResult> Exec(const char* sql, std::initializer_list<Param> params = {}) {
    return Exec(sql, std::span<const Param>(params.begin(), params.size()));
  }
  /// Runs one or more statements without parameters through the simple query protocol
  /// (transaction control, migrations, DDL).
  Status ExecScript(const std::string& sql);

  /// False when the connection is known broken or the server said something while it sat idle
  /// (typically the FATAL notice of a terminated backend): such a connection is replaced.
  bool LooksHealthy() const;
  /// True when a transaction is open or aborted (a caller left it so).
  bool InTransaction() const;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  Error ErrorOf(const pg_result* result) const;

  pg_conn* conn_;
  std::unordered_map<std::string_view, std::string> prepared_;  // sql -> statement name
};

template <typename F>
using ResultOf = std::invoke_result_t<F&, PgConnection&>;

/// Up to `pool_size` connections, opened on demand. Checkout waits up to the timeout for a free
/// connection; a connection found broken at checkout is replaced by a fresh one.
class PgPool {
 public:
  static Result<std::unique_ptr<PgPool>> Open(const std::string& conninfo,
                                              const StoreOptions& options);

  /// Runs `f` on a pooled connection (inside ShareConnection on this thread: on its connection).
  template <typename F>
  ResultOf<F> WithConnection(F&& f) {
    if (PgConnection* shared = SharedConnection()) return f(*shared);
    auto lease = Acquire();
    if (!lease) return std::unexpected(lease.error());
    return f(lease->conn());
  }

  /// Runs `f` inside BEGIN ... COMMIT; rolls back when `f` fails.
  template <typename F>
  ResultOf<F> InTransaction(F&& f) {
    return WithConnection([&](PgConnection& conn) -> ResultOf<F> {
      if (auto s = conn.ExecScript("BEGIN"); !s) return std::unexpected(s.error());
      auto result = f(conn);
      if (result) {
        if (auto s = conn.ExecScript("COMMIT"); !s) return std::unexpected(s.error());
      } else {
        // Should ROLLBACK fail too, Release() sees the open transaction and discards the
        // connection.
        [[maybe_unused]] auto rolled_back = conn.ExecScript("ROLLBACK");
      }
      return result;
    });
  }

  /// Runs `f` with every WithConnection() of this thread on one connection, each statement in
  /// its own autocommit transaction as before (Store::ReadTogether). Nested calls join.
  Status ShareConnection(const std::function<Status()>& f);

  PoolStats Stats() const;

 private:
  // The connection of this thread's ShareConnection on this pool, or null.
  PgConnection* SharedConnection() const;

  // Gives a connection back to the pool when it goes out of scope, however the caller leaves.
  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_.Release(std::move(conn_));
    }
    PgConnection& conn() { return *conn_; }

   private:
    PgPool& pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  PgPool(std::string conninfo, const StoreOptions& options);
  Result<Lease> Acquire();
  void Release(std::unique_ptr<PgConnection> conn);

  const std::string conninfo_;
  const int size_;
  const std::chrono::milliseconds checkout_timeout_;
  const int connect_timeout_s_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                     // guarded by mu_; idle + in use + opening
  int in_use_ = 0;                                   // guarded by mu_
};

}  // namespace plaza::pg
