#include "storage/sql_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace plaza::storage {
namespace {

// The names recorded in schema_migrations by every release so far: a database migrated by an
// older build must read the same as one migrated by this one.
TEST(EmbeddedMigrations, KeepTheReleasedVersionsAndNamesOnBothBackends) {
  for (const char* backend : {"sqlite", "postgres"}) {
    SCOPED_TRACE(backend);
    auto migrations = EmbeddedMigrations(backend);
    ASSERT_TRUE(migrations) << migrations.error().message;
    ASSERT_GE(migrations->size(), 2u);
    EXPECT_EQ((*migrations)[0].version, 1);
    EXPECT_EQ((*migrations)[0].name, "users, sessions, posts");
    EXPECT_EQ((*migrations)[1].version, 2);
    EXPECT_EQ((*migrations)[1].name, "jobs, summaries");
    EXPECT_NE(std::string_view((*migrations)[1].sql).find("INSERT INTO jobs"),
              std::string_view::npos);
  }
}

// The two backends hold one schema in two dialects: the same steps, numbered and named alike.
TEST(EmbeddedMigrations, BackendsHaveTheSameSteps) {
  auto sqlite = EmbeddedMigrations("sqlite");
  auto postgres = EmbeddedMigrations("postgres");
  ASSERT_TRUE(sqlite && postgres);
  ASSERT_EQ(sqlite->size(), postgres->size());
  for (std::size_t i = 0; i < sqlite->size(); ++i) {
    EXPECT_EQ((*sqlite)[i].version, (*postgres)[i].version);
    EXPECT_EQ((*sqlite)[i].name, (*postgres)[i].name);
  }
}

TEST(EmbeddedMigrations, NoneForAnUnknownBackend) {
  auto migrations = EmbeddedMigrations("oracle");
  ASSERT_TRUE(migrations);
  EXPECT_TRUE(migrations->empty());
}

TEST(Sql, ReturnsTheFileTextNulTerminated) {
  const std::string text = Sql("sqlite", "store/ping");
  EXPECT_EQ(text, "SELECT 1\n");
  EXPECT_NE(std::string_view(Sql("postgres", "post_store/by_id")).find("$1"),
            std::string_view::npos);
}

TEST(SqlDeathTest, AMissingFileStopsTheProcessNamingIt) {
  EXPECT_DEATH(Sql("sqlite", "post_store/no_such_query"),
               "sqlite/sql/post_store/no_such_query.sql");
}

}  // namespace
}  // namespace plaza::storage
