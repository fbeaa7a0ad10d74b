#include "storage/migration.hpp"

#include <gtest/gtest.h>

namespace plaza::storage {
namespace {

constexpr Migration kSteps[] = {{1, "one", "a"}, {2, "two", "b"}, {3, "three", "c"}};

TEST(PendingMigrations, ListsTheStepsAfterTheCurrentVersionInOrder) {
  auto pending = PendingMigrations(kSteps, 1);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0]->version, 2);
  EXPECT_EQ((*pending)[1]->version, 3);
}

TEST(PendingMigrations, NothingToDoAtTheLatestVersion) {
  auto pending = PendingMigrations(kSteps, 3);
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->empty());
}

TEST(PendingMigrations, RefusesADatabaseNewerThanTheBuild) {
  auto pending = PendingMigrations(kSteps, 4);
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code, Errc::kInternal);
  EXPECT_NE(pending.error().message.find("newer"), std::string::npos);
}

}  // namespace
}  // namespace plaza::storage
