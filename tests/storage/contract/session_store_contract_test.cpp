#include <gtest/gtest.h>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

class SessionStoreContract : public StoreContract {
 protected:
  SessionRecord MakeSession(std::int64_t user_id, const std::string& hash, Timestamp expires_at,
                            SessionKind kind = SessionKind::kBrowser) {
    SessionRecord s;
    s.token_hash = hash;
    s.user_id = user_id;
    s.csrf = "csrf-" + hash;
    s.kind = kind;
    s.created_at = clock_.Now();
    s.expires_at = expires_at;
    return s;
  }
};

TEST_P(SessionStoreContract, FindReturnsWhatCreateStored) {
  const User alice = AddUser("alice");
  const SessionRecord stored =
      MakeSession(alice.id, "9f86d081884c7d65", 1'800'000'000'000'000, SessionKind::kApiToken);
  Must(sessions().Create(stored));

  const SessionRecord found = Must(sessions().Find("9f86d081884c7d65"));
  EXPECT_EQ(found.token_hash, "9f86d081884c7d65");
  EXPECT_EQ(found.user_id, alice.id);
  EXPECT_EQ(found.csrf, "csrf-9f86d081884c7d65");
  EXPECT_EQ(found.kind, SessionKind::kApiToken);
  EXPECT_EQ(found.created_at, stored.created_at);
  EXPECT_EQ(found.expires_at, 1'800'000'000'000'000);
}

TEST_P(SessionStoreContract, DuplicateTokenHashConflicts) {
  const User alice = AddUser("alice");
  Must(sessions().Create(MakeSession(alice.id, "same", clock_.Now() + 10)));
  auto again = sessions().Create(MakeSession(alice.id, "same", clock_.Now() + 20));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kConflict);
}

TEST_P(SessionStoreContract, SessionOfMissingUserIsRefused) {
  auto created = sessions().Create(MakeSession(424242, "orphan", clock_.Now() + 10));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, Errc::kNotFound);
  EXPECT_EQ(created.error().field, "user_id");
}

TEST_P(SessionStoreContract, FindOfMissingSessionIsNotFound) {
  auto found = sessions().Find("missing");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, Errc::kNotFound);
}

TEST_P(SessionStoreContract, ExpiredSessionIsStillFound) {
  const User alice = AddUser("alice");
  Must(sessions().Create(MakeSession(alice.id, "old", clock_.Now() - 1)));
  const SessionRecord found = Must(sessions().Find("old"));
  EXPECT_EQ(found.expires_at, clock_.Now() - 1);
}

TEST_P(SessionStoreContract, DeleteRemovesTheSession) {
  const User alice = AddUser("alice");
  Must(sessions().Create(MakeSession(alice.id, "gone", clock_.Now() + 10)));
  Must(sessions().Create(MakeSession(alice.id, "kept", clock_.Now() + 10)));
  Must(sessions().Delete("gone"));
  auto found = sessions().Find("gone");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, Errc::kNotFound);
  EXPECT_TRUE(sessions().Find("kept"));
}

TEST_P(SessionStoreContract, DeleteOfMissingSessionIsNotAnError) {
  auto deleted = sessions().Delete("never-existed");
  EXPECT_TRUE(deleted) << Describe(deleted.error());
}

TEST_P(SessionStoreContract, DeleteExpiredRemovesSessionsExpiredAtOrBeforeNow) {
  const User alice = AddUser("alice");
  const Timestamp now = clock_.Now();
  Must(sessions().Create(MakeSession(alice.id, "before", now - 1)));
  Must(sessions().Create(MakeSession(alice.id, "at", now)));
  Must(sessions().Create(MakeSession(alice.id, "after", now + 1)));

  EXPECT_EQ(Must(sessions().DeleteExpired(now)), 2);
  EXPECT_FALSE(sessions().Find("before"));
  EXPECT_FALSE(sessions().Find("at"));
  EXPECT_TRUE(sessions().Find("after"));
  EXPECT_EQ(Must(sessions().DeleteExpired(now)), 0);
}

PLAZA_STORE_CONTRACT(SessionStoreContract);

}  // namespace
}  // namespace plaza::storage_test
