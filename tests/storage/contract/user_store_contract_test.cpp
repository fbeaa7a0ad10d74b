#include <gtest/gtest.h>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

class UserStoreContract : public StoreContract {};

TEST_P(UserStoreContract, CreateAssignsDistinctIds) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  EXPECT_GT(alice.id, 0);
  EXPECT_GT(bob.id, 0);
  EXPECT_NE(alice.id, bob.id);
}

TEST_P(UserStoreContract, FindByIdReturnsEveryField) {
  NewUser input;
  input.handle = "carol";
  input.display_name = "Carol C.";
  input.password_hash = "$argon2id$hash";
  input.role = Role::kAdmin;
  input.created_at = 1'700'000'123'456'789;
  const User created = Must(users().Create(input));

  const User found = Must(users().FindById(created.id));
  EXPECT_EQ(found.id, created.id);
  EXPECT_EQ(found.handle, "carol");
  EXPECT_EQ(found.display_name, "Carol C.");
  EXPECT_EQ(found.bio, "");
  EXPECT_EQ(found.locale, "");
  EXPECT_EQ(found.role, Role::kAdmin);
  EXPECT_EQ(found.password_hash, "$argon2id$hash");
  EXPECT_EQ(found.created_at, 1'700'000'123'456'789);
}

TEST_P(UserStoreContract, FindByHandleReturnsTheUser) {
  AddUser("alice");
  const User bob = AddUser("bob");
  const User found = Must(users().FindByHandle("bob"));
  EXPECT_EQ(found.id, bob.id);
  EXPECT_EQ(found.handle, "bob");
}

TEST_P(UserStoreContract, TakenHandleConflictsOnHandleField) {
  AddUser("alice");
  NewUser again;
  again.handle = "alice";
  again.display_name = "Another Alice";
  again.password_hash = "x";
  auto created = users().Create(again);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, Errc::kConflict);
  EXPECT_EQ(created.error().field, "handle");
}

TEST_P(UserStoreContract, HandlesAreComparedExactly) {
  AddUser("alice");
  auto upper = users().FindByHandle("Alice");
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().code, Errc::kNotFound);
  EXPECT_EQ(AddUser("Alice").handle, "Alice");
}

TEST_P(UserStoreContract, FindByIdOfMissingUserIsNotFound) {
  auto found = users().FindById(424242);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, Errc::kNotFound);
}

TEST_P(UserStoreContract, FindByHandleOfMissingUserIsNotFound) {
  auto found = users().FindByHandle("nobody");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, Errc::kNotFound);
}

TEST_P(UserStoreContract, FindByHandleWithUnstorableBytesIsNotFound) {
  auto found = users().FindByHandle(std::string("bad\xff", 4));
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, Errc::kNotFound);
}

TEST_P(UserStoreContract, UpdateProfileChangesDisplayNameAndBio) {
  const User alice = AddUser("alice");
  Must(users().UpdateProfile(alice.id, "Alice A.", "Trades $BTC since 2013"));
  const User found = Must(users().FindById(alice.id));
  EXPECT_EQ(found.display_name, "Alice A.");
  EXPECT_EQ(found.bio, "Trades $BTC since 2013");
  EXPECT_EQ(found.handle, "alice");
}

TEST_P(UserStoreContract, UpdateProfileOfMissingUserIsNotFound) {
  auto updated = users().UpdateProfile(424242, "Ghost", "");
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, Errc::kNotFound);
}

TEST_P(UserStoreContract, InvalidUtf8IsRefusedWithItsField) {
  NewUser user;
  user.handle = "dave";
  user.display_name = std::string("Dave \xc3\x28", 7);  // broken two-byte sequence
  user.password_hash = "x";
  auto created = users().Create(user);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(created.error().field, "display_name");
  EXPECT_FALSE(users().FindByHandle("dave"));
}

TEST_P(UserStoreContract, NulInBioIsRefused) {
  const User alice = AddUser("alice");
  auto updated = users().UpdateProfile(alice.id, "Alice", std::string("a\0b", 3));
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(updated.error().field, "bio");
}

PLAZA_STORE_CONTRACT(UserStoreContract);

}  // namespace
}  // namespace plaza::storage_test
