#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

#include "storage/shared_connection.hpp"

namespace plaza::pg {

namespace {

Error MakeError(Errc code, std::string message) {
  return Error{code, std::move(message), {}, std::nullopt, std::nullopt};
}

std::int64_t ParseInt(const char* text, int length) {
  std::int64_t value = 0;
  std::from_chars(text, text + length, value);
  return value;
}

// The first line of a libpq message: where the connection failed, without the detail lines.
std::string FirstLine(const char* message) {
  std::string line = message != nullptr ? message : "";
  line = line.substr(0, line.find('\n'));
  return line;
}

}  // namespace

std::string IntArrayLiteral(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  out += '}';
  return out;
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  // Every element double-quoted, with '"' and '\' backslash-escaped: the array input syntax
  // then takes the bytes verbatim (commas, braces, spaces and the word NULL included).
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

PgResult::PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

PgResult::~PgResult() { PQclear(result_); }

int PgResult::Rows() const { return PQntuples(result_); }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t PgResult::Int(int row, int column) const {
  return ParseInt(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}

std::int64_t PgResult::Affected() const {
  const char* count = PQcmdTuples(result_);
  return ParseInt(count, static_cast<int>(std::strlen(count)));
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo,
                                                         int connect_timeout_s) {
  const std::string timeout = std::to_string(std::max(connect_timeout_s, 1));
  // Keywords before "dbname" are defaults the connection string may override; keywords after
  // it are forced (the store reads and writes UTF-8 only).
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                            nullptr};
  const char* values[] = {timeout.c_str(), "plaza", conninfo.c_str(), "UTF8", nullptr};
  pg_conn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Fail(Errc::kUnavailable, "could not connect to PostgreSQL");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = "could not connect to PostgreSQL: " + FirstLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Fail(Errc::kUnavailable, std::move(message));
  }
  // Notices ("relation already exists, skipping") are informational; libpq would print them
  // on stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Error PgConnection::ErrorOf(const pg_result* result) const {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (PQstatus(conn_) != CONNECTION_OK || state == nullptr) {
    return MakeError(Errc::kUnavailable, "database connection lost");
  }
  const std::string_view sqlstate(state);
  if (sqlstate == "23505") return MakeError(Errc::kConflict, "already exists");
  if (sqlstate == "23503") {
    return MakeError(Errc::kNotFound, "a referenced record does not exist");
  }
  if (sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate.starts_with("57") ||
      sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    // Connection trouble, resources, shutdown, cancel, serialization, deadlock, lock timeout:
    // all worth a retry later.
    return MakeError(Errc::kUnavailable,
                     "database unavailable (SQLSTATE " + std::string(sqlstate) + ")");
  }
  if (sqlstate.starts_with("22")) {
    return MakeError(Errc::kInvalidArgument,
                     "value refused by the database (SQLSTATE " + std::string(sqlstate) + ")");
  }
  // The SQLSTATE names the kind of failure; the server's message may quote SQL, so it stays out.
  return MakeError(Errc::kInternal, "storage failure (SQLSTATE " + std::string(sqlstate) + ")");
}

Result<PgResult> PgConnection::Exec(const char* sql, std::span<const Param> params) {
  auto it = prepared_.find(std::string_view(sql));
  if (it == prepared_.end()) {
    std::string name = "plaza_" + std::to_string(prepared_.size() + 1);
    PgResult prepared(PQprepare(conn_, name.c_str(), sql, 0, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return std::unexpected(ErrorOf(prepared.get()));
    }
    it = prepared_.emplace(std::string_view(sql), std::move(name)).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    // libpq reads text parameters up to their first NUL; storage/encoding refuses NUL earlier,
    // so a NUL here would be a bug, not input.
    values.push_back(p.text().c_str());
  }
  PgResult result(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, /*resultFormat=*/0));
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return std::unexpected(ErrorOf(result.get()));
  }
  return result;
}

Status PgConnection::ExecScript(const std::string& sql) {
  PgResult result(PQexec(conn_, sql.c_str()));
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return std::unexpected(ErrorOf(result.get()));
  }
  return {};
}

bool PgConnection::LooksHealthy() const {
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  // An idle connection of ours expects nothing from the server. Anything readable (a FATAL
  // notice from a terminated backend, end of file after a server restart) means it is dead or
  // dying; replacing it costs one reconnect.
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  const int ready = poll(&fd, 1, 0);
  return ready == 0;
}

bool PgConnection::InTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

PgPool::PgPool(std::string conninfo, const StoreOptions& options)
    : conninfo_(std::move(conninfo)),
      size_(std::max(options.pool_size, 1)),
      checkout_timeout_(std::max(options.busy_timeout_ms, 0)),
      connect_timeout_s_((std::max(options.busy_timeout_ms, 0) + 999) / 1000) {}

Result<std::unique_ptr<PgPool>> PgPool::Open(const std::string& conninfo,
                                             const StoreOptions& options) {
  auto pool = std::unique_ptr<PgPool>(new PgPool(conninfo, options));
  // Open one connection now so a bad connection string fails at start, not on first request.
  auto first = PgConnection::Open(conninfo, pool->connect_timeout_s_);
  if (!first) return std::unexpected(first.error());
  pool->idle_.push_back(std::move(*first));
  pool->open_ = 1;
  return pool;
}

namespace {

using SharedConnections = storage::SharedConnection<PgPool, PgConnection>;

}  // namespace

PgConnection* PgPool::SharedConnection() const { return SharedConnections::Of(this); }

Status PgPool::ShareConnection(const std::function<Status()>& f) {
  if (SharedConnection() != nullptr) return f();
  auto lease = Acquire();
  if (!lease) return std::unexpected(lease.error());
  return SharedConnections::Share(this, &lease->conn(), f);
}

Result<PgPool::Lease> PgPool::Acquire() {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, checkout_timeout_, [&] { return !idle_.empty() || open_ < size_; })) {
    return Fail(Errc::kUnavailable, "no database connection is free");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (conn->LooksHealthy()) {
      ++in_use_;
      return Lease(*this, std::move(conn));
    }
    // Broken (terminated backend, restarted server): replace it with a fresh connection, in
    // the same slot.
    conn.reset();
  } else {
    ++open_;  // reserve a slot
  }
  lock.unlock();
  auto fresh = PgConnection::Open(conninfo_, connect_timeout_s_);
  lock.lock();
  if (!fresh) {
    --open_;
    cv_.notify_one();
    return std::unexpected(fresh.error());
  }
  ++in_use_;
  return Lease(*this, std::move(*fresh));
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  // A connection left inside a transaction (a caller bug or a failed COMMIT) must not carry
  // that state to the next borrower.
  if (conn->InTransaction() && !conn->ExecScript("ROLLBACK")) conn.reset();
  if (conn && !conn->LooksHealthy()) conn.reset();
  {
    std::lock_guard lock(mu_);
    --in_use_;
    if (conn) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  cv_.notify_one();
}

PoolStats PgPool::Stats() const {
  std::lock_guard lock(mu_);
  return PoolStats{open_, in_use_};
}

}  // namespace plaza::pg
