#pragma once

// Thin, internal wrappers over the sqlite3 C API for the SQLite store: a connection with its
// per-connection cache of prepared statements, and a statement borrowed from that cache.
// Driver types are only forward-declared here; sqlite3.h stays in .cpp files.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "storage/rows.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace plaza::sqlite {

/// Maps a sqlite3 result code to an Error whose message names the failure, never the SQL:
/// unique and primary-key violations -> kConflict, foreign-key violations -> kNotFound,
/// busy/locked (after the busy timeout) -> kUnavailable, anything else -> kInternal.
Error ErrorFromCode(int extended_code);

enum class Access { kReadWrite, kReadOnly };
enum class Durability { kFull, kNormal };

struct ConnectionOptions {
  Access access = Access::kReadWrite;
  Durability durability = Durability::kFull;
  int busy_timeout_ms = 5000;
};

class Connection;

/// A prepared statement borrowed from a Connection's cache. Binds are positional, in call order.
/// On destruction the statement is reset and its bindings cleared, ready for the next borrower.
/// As a storage::Row it reads the current row (after Step() answered true).
class Statement final : public storage::Row {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() override;

  Statement& Bind(std::int64_t value);
  Statement& Bind(std::string_view text);
  Statement& BindNull();

  /// Advances one row: true when a row is available, false when done.
  Result<bool> Step();
  /// Steps until done (for statements that return no rows).
  Status Run();

  std::int64_t Int(int column) const override;
  std::string Text(int column) const override;

 private:
  friend class Connection;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  sqlite3_stmt* stmt_;
  int next_index_ = 1;
  int bind_error_ = 0;  // first failed bind, reported by Step()
};

/// One sqlite3 connection. Not thread-safe: the store hands each connection to one thread at a
/// time.
class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// A cached prepared statement for `sql`, which must be a string with static storage duration
  /// (the cache keys on it without copying).
  Result<Statement> Prepare(std::string_view sql);
  /// Runs one or more statements without results (transaction control, migrations).
  Status Exec(const char* sql);
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t Changes() const;
  /// True while a transaction is open on this connection.
  bool InTransaction() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string_view, sqlite3_stmt*> statements_;
};

}  // namespace plaza::sqlite
