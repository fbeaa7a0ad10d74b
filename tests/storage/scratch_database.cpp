#include "scratch_database.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string_view>

#include "storage/postgres/pg_admin.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace plaza::storage_test {

namespace {

std::string RandomSuffix() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string out;
  for (int i = 0; i < 12; ++i) out += "0123456789abcdef"[hex(device)];
  return out;
}

bool EnvIs(const char* name, std::string_view value) {
  const char* v = std::getenv(name);
  return v != nullptr && value == v;
}

}  // namespace

std::string Describe(const Error& error) {
  std::string out = ErrcName(error.code);
  if (!error.field.empty()) out += " (field " + error.field + ")";
  return out + ": " + error.message;
}

ScratchDatabase::~ScratchDatabase() {
  if (backend_ == kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  } else if (backend_ == kPostgres) {
    auto dropped = DropPgDatabase(admin_conninfo_, name_);
    if (!dropped) ADD_FAILURE() << "could not drop " << name_ << ": " << Describe(dropped.error());
  }
}

Result<std::unique_ptr<ScratchDatabase>> ScratchDatabase::Sqlite() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "plaza-storage-test.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Fail(Errc::kInternal, "could not create a temporary directory");
  }
  std::unique_ptr<ScratchDatabase> db(new ScratchDatabase());
  db->backend_ = kSqlite;
  db->dir_ = pattern;
  db->location_ = pattern + "/plaza.db";
  return db;
}

Result<std::unique_ptr<ScratchDatabase>> ScratchDatabase::Postgres(
    const std::string& admin_conninfo) {
  const std::string name =
      "plaza_test_" + std::to_string(static_cast<long>(getpid())) + "_" + RandomSuffix();
  auto conninfo = CreatePgDatabase(admin_conninfo, name);
  if (!conninfo) return std::unexpected(conninfo.error());
  std::unique_ptr<ScratchDatabase> db(new ScratchDatabase());
  db->backend_ = kPostgres;
  db->location_ = *conninfo;
  db->admin_conninfo_ = admin_conninfo;
  db->name_ = name;
  return db;
}

Result<std::unique_ptr<Store>> ScratchDatabase::Open(const StoreOptions& options) const {
  if (backend_ == kSqlite) return OpenSqliteStore(location_, options);
  return OpenPgStore(location_, options);
}

void MakeScratchDatabase(const std::string& backend, std::unique_ptr<ScratchDatabase>& db) {
  if (backend == kSqlite) {
    auto made = ScratchDatabase::Sqlite();
    ASSERT_TRUE(made) << Describe(made.error());
    db = std::move(*made);
    return;
  }
  ASSERT_EQ(backend, kPostgres);
  const char* admin = std::getenv("PLAZA_TEST_PG");
  if (admin == nullptr || *admin == '\0') {
    if (EnvIs("PLAZA_REQUIRE_PG", "1")) {
      FAIL() << "PLAZA_REQUIRE_PG=1 but PLAZA_TEST_PG is not set (a libpq conninfo; "
                "scripts/pg.sh start prints one)";
    }
    GTEST_SKIP() << "PostgreSQL tests need PLAZA_TEST_PG=<libpq conninfo of a server where "
                    "databases may be created>; `scripts/pg.sh start` starts one and prints it";
  }
  auto made = ScratchDatabase::Postgres(admin);
  ASSERT_TRUE(made) << "could not create a scratch database via PLAZA_TEST_PG: "
                    << Describe(made.error());
  db = std::move(*made);
}

std::vector<std::vector<std::string>> RawSql(const ScratchDatabase& db, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  if (db.backend() == kSqlite) {
    sqlite3* conn = nullptr;
    if (sqlite3_open(db.location().c_str(), &conn) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << db.location();
      sqlite3_close(conn);
      return rows;
    }
    auto collect = [](void* out, int columns, char** values, char**) {
      auto& all = *static_cast<std::vector<std::vector<std::string>>*>(out);
      all.emplace_back();
      for (int c = 0; c < columns; ++c) all.back().emplace_back(values[c] ? values[c] : "");
      return 0;
    };
    // sqlite3_exec reports the rows of every statement; a test's last statement is its query.
    if (sqlite3_exec(conn, sql.c_str(), collect, &rows, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(conn);
    }
    sqlite3_close(conn);
    return rows;
  }
  PGconn* conn = PQconnectdb(db.location().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << PQerrorMessage(conn);
    PQfinish(conn);
    return rows;
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    ADD_FAILURE() << PQerrorMessage(conn);
  }
  for (int r = 0; r < PQntuples(result); ++r) {
    rows.emplace_back();
    for (int c = 0; c < PQnfields(result); ++c) rows.back().emplace_back(PQgetvalue(result, r, c));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

}  // namespace plaza::storage_test
