#include "storage/sqlite/database.hpp"

#include <algorithm>
#include <chrono>

#include "storage/shared_connection.hpp"

namespace plaza::sqlite {

namespace {

using SharedReaders = storage::SharedConnection<Database, Connection>;

}  // namespace

Connection* Database::SharedReader() const { return SharedReaders::Of(this); }

Status Database::ReadTogether(const std::function<Status()>& f) {
  if (SharedReader() != nullptr) return f();
  auto lease = AcquireReader();
  if (!lease) return std::unexpected(lease.error());
  auto run = [&](Connection& conn) { return SharedReaders::Share(this, &conn, f); };
  return InTransaction(lease->conn(), "BEGIN", run);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path,
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

PoolStats Database::Stats() const {
  bool writer_busy = false;
  {
    std::lock_guard lock(writer_mu_);
    writer_busy = leading_;
  }
  return PoolStats{readers_open_ + 1, readers_in_use_.load() + (writer_busy ? 1 : 0)};
}

Status Database::Submit(WriteRequest& request) {
  std::unique_lock lock(writer_mu_);
  pending_.push_back(&request);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  while (!request.done && leading_) {
    if (request.taken) {
      writer_cv_.wait(lock);  // our batch is running: its outcome comes soon
    } else if (writer_cv_.wait_until(lock, deadline) == std::cv_status::timeout && !request.taken &&
               !request.done && leading_) {
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

void Database::RunBatch(const std::vector<WriteRequest*>& batch) {
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

Result<Database::ReaderLease> Database::AcquireReader() {
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

void Database::ReleaseReader(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(readers_mu_);
    idle_readers_.push_back(std::move(conn));
    --readers_in_use_;
  }
  readers_cv_.notify_one();
}

}  // namespace plaza::sqlite
