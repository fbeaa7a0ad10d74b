#include "storage/sqlite/sqlite_db.hpp"

#include <sqlite3.h>

#include <utility>

namespace plaza::sqlite {

Error ErrorFromCode(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error{Errc::kConflict, "already exists", {}, std::nullopt, std::nullopt};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error{
          Errc::kNotFound, "a referenced record does not exist", {}, std::nullopt, std::nullopt};
    default:
      break;
  }
  const int primary = extended_code & 0xFF;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error{Errc::kUnavailable, "database is busy", {}, std::nullopt, std::nullopt};
  }
  // sqlite3_errstr names the kind of failure ("disk I/O error") without any SQL or schema text.
  return Error{Errc::kInternal,
               std::string("storage failure: ") + sqlite3_errstr(extended_code),
               {},
               std::nullopt,
               std::nullopt};
}

Statement::Statement(Statement&& other) noexcept
    : storage::Row(),
      stmt_(std::exchange(other.stmt_, nullptr)),
      next_index_(other.next_index_),
      bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, next_index_++, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so callers may pass temporaries.
  const int rc = sqlite3_bind_text64(stmt_, next_index_++, text.data(), text.size(),
                                     SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull() {
  const int rc = sqlite3_bind_null(stmt_, next_index_++);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0) return std::unexpected(ErrorFromCode(bind_error_));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(ErrorFromCode(sqlite3_extended_errcode(sqlite3_db_handle(stmt_))));
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  // Fetch the pointer before the size, as the SQLite documentation prescribes.
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(size));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     const ConnectionOptions& options) {
  // SQLite counts its allocations under one process-wide mutex unless told not to; nothing here
  // reads those counts, and every worker's queries allocate. Must precede the first open.
  static const int memstatus_off = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize();
  }();
  (void)memstatus_off;
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is only ever used by one thread at a time (the store's pool
  // guarantees it), so SQLite's per-connection mutex would be pure overhead.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const int code = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    sqlite3_close_v2(db);
    return std::unexpected(ErrorFromCode(code));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::unique_ptr<Connection> conn(new Connection(db));

  // temp_store = MEMORY keeps the statement journal in memory. The group-commit writer runs
  // each write inside a savepoint, so a batch journals the first change of every page within
  // it; on a temporary file that was a file created, written page by page and deleted per
  // commit (half the writer's pwrite calls under tip load: bench/README.md, Rewards). It holds
  // at most one batch's pages (64 writes) and is never needed after a crash.
  std::string pragmas =
      "PRAGMA foreign_keys = ON;"
      "PRAGMA trusted_schema = OFF;"
      "PRAGMA temp_store = MEMORY;";
  pragmas += options.durability == Durability::kFull ? "PRAGMA synchronous = FULL;"
                                                     : "PRAGMA synchronous = NORMAL;";
  if (options.access == Access::kReadOnly) pragmas += "PRAGMA query_only = ON;";
  if (auto s = conn->Exec(pragmas.c_str()); !s) return std::unexpected(s.error());
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(ErrorFromCode(sqlite3_extended_errcode(db_)));
    it = statements_.emplace(sql, stmt).first;
  }
  return Statement(it->second);
}

Status Connection::Exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(ErrorFromCode(sqlite3_extended_errcode(db_)));
  return {};
}

std::int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace plaza::sqlite
