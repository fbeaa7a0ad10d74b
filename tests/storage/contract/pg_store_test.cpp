// PostgreSQL-only behaviour (needs PLAZA_TEST_PG, like the contract suite).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scratch_database.hpp"
#include "storage/postgres/pg_admin.hpp"
#include "storage/postgres/pg_store.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::HasSubstr;

class PgStore : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeScratchDatabase(kPostgres, db_);
    if (IsSkipped() || HasFatalFailure()) return;
    StoreOptions options;
    options.pool_size = 2;
    store_ = Must(db_->Open(options));
    Must(store_->Migrate());
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_F(PgStore, ReplacesConnectionsWhoseBackendWasTerminated) {
  Must(store_->Ping());
  Must(TerminatePgSessions(db_->admin_conninfo(), db_->name()));
  auto ping = store_->Ping();
  EXPECT_TRUE(ping) << Describe(ping.error());
  NewUser user{"after_restart", "After", "x", Role::kMember, 1};
  EXPECT_TRUE(store_->users().Create(user));
  EXPECT_LE(store_->Pool().size, 2);
  EXPECT_EQ(store_->Pool().in_use, 0);
}

TEST_F(PgStore, BackupPointsToPgDump) {
  auto backup = store_->Backup("/tmp/never-written.db");
  ASSERT_FALSE(backup);
  EXPECT_EQ(backup.error().code, Errc::kInvalidArgument);
  EXPECT_THAT(backup.error().message, HasSubstr("pg_dump"));
}

TEST_F(PgStore, PoolNeverExceedsItsSize) {
  EXPECT_GE(store_->Pool().size, 1);
  EXPECT_LE(store_->Pool().size, 2);
}

TEST(PgStoreOpen, UnreachableServerIsUnavailable) {
  auto store = OpenPgStore("host=/nonexistent-plaza-socket-dir port=1 connect_timeout=1", {});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::kUnavailable);
}

}  // namespace
}  // namespace plaza::storage_test
