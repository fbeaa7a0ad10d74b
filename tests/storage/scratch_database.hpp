#pragma once

// Fresh, empty databases for storage tests: a file in a new temporary directory for SQLite, a
// new database on the server named by PLAZA_TEST_PG for PostgreSQL. Each is removed when the
// ScratchDatabase is destroyed, so every test starts from nothing.

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza::storage_test {

inline constexpr char kSqlite[] = "sqlite";
inline constexpr char kPostgres[] = "postgresql";

class ScratchDatabase {
 public:
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  /// A SQLite file path in a new temporary directory (the file does not exist yet).
  static Result<std::unique_ptr<ScratchDatabase>> Sqlite();
  /// A new database on the server `admin_conninfo` reaches.
  static Result<std::unique_ptr<ScratchDatabase>> Postgres(const std::string& admin_conninfo);

  /// Opens a store on this database (not migrated). May be called several times.
  Result<std::unique_ptr<Store>> Open(const StoreOptions& options = {}) const;

  const std::string& backend() const { return backend_; }
  /// SQLite: the directory holding the database file (for side files such as backups).
  const std::string& dir() const { return dir_; }
  /// SQLite: the file path. PostgreSQL: the database's conninfo.
  const std::string& location() const { return location_; }
  /// PostgreSQL: the admin conninfo and the database name.
  const std::string& admin_conninfo() const { return admin_conninfo_; }
  const std::string& name() const { return name_; }

 private:
  ScratchDatabase() = default;

  std::string backend_;
  std::string dir_;
  std::string location_;
  std::string admin_conninfo_;
  std::string name_;
};

/// Makes a scratch database for `backend` inside a test's SetUp. For PostgreSQL without
/// PLAZA_TEST_PG the test is skipped, or fails when PLAZA_REQUIRE_PG=1. Afterwards check
/// IsSkipped() and HasFatalFailure() before using `db`.
void MakeScratchDatabase(const std::string& backend, std::unique_ptr<ScratchDatabase>& db);

/// Runs `sql` (one or more statements, in the backend's dialect) on `db` over a connection of its
/// own, outside any store: for tests that shape a database as an older build left it. Returns
/// the rows of the last statement as text; a failure is a test failure.
std::vector<std::vector<std::string>> RawSql(const ScratchDatabase& db, const std::string& sql);

/// "conflict (field handle): handle is taken", for assertion output.
std::string Describe(const Error& error);

/// The value of a Result; otherwise a test failure naming the error, and an exception so the
/// test stops there.
template <typename T>
T Must(Result<T> result) {
  if (!result) {
    ADD_FAILURE() << "unexpected failure: " << Describe(result.error());
    throw std::runtime_error("Must() failed");
  }
  return std::move(*result);
}

inline void Must(const Status& status) {
  if (!status) {
    ADD_FAILURE() << "unexpected failure: " << Describe(status.error());
    throw std::runtime_error("Must() failed");
  }
}

}  // namespace plaza::storage_test
