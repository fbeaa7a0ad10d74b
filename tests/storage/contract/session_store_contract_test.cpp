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
    s.id = "id-" + hash;
    s.last_seen_at = clock_.Now();
    s.device = "Firefox on Linux";
    s.address = "192.0.2.7";
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
  EXPECT_EQ(found.id, "id-9f86d081884c7d65");
  EXPECT_EQ(found.last_seen_at, stored.last_seen_at);
  EXPECT_EQ(found.device, "Firefox on Linux");
  EXPECT_EQ(found.address, "192.0.2.7");
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

  EXPECT_EQ(Must(sessions().DeleteExpired({.now = now})), 2);
  EXPECT_FALSE(sessions().Find("before"));
  EXPECT_FALSE(sessions().Find("at"));
  EXPECT_TRUE(sessions().Find("after"));
  EXPECT_EQ(Must(sessions().DeleteExpired({.now = now})), 0);
}

TEST_P(SessionStoreContract, DeleteExpiredAppliesEachKindsCutoffsToThatKindOnly) {
  const User alice = AddUser("alice");
  const Timestamp now = clock_.Now();
  const auto add = [&](const std::string& hash, SessionKind kind, Timestamp created,
                       Timestamp seen) {
    SessionRecord session = MakeSession(alice.id, hash, now + 1'000'000);
    session.kind = kind;
    session.created_at = created;
    session.last_seen_at = seen;
    Must(sessions().Create(session));
  };
  add("browser-old", SessionKind::kBrowser, now - 100, now);
  add("browser-idle", SessionKind::kBrowser, now, now - 50);
  add("browser-live", SessionKind::kBrowser, now - 99, now - 49);
  add("token-old", SessionKind::kApiToken, now - 200, now);
  add("token-idle", SessionKind::kApiToken, now, now - 100);  // kept: tokens have no idle cutoff
  add("token-live", SessionKind::kApiToken, now - 199, now);

  EXPECT_EQ(Must(sessions().DeleteExpired({.now = now,
                                           .browser_created_before = now - 100,
                                           .browser_seen_before = now - 50,
                                           .api_token_created_before = now - 200})),
            3);
  for (const char* gone : {"browser-old", "browser-idle", "token-old"}) {
    EXPECT_FALSE(sessions().Find(gone)) << gone;
  }
  for (const char* kept : {"browser-live", "token-idle", "token-live"}) {
    EXPECT_TRUE(sessions().Find(kept)) << kept;
  }
}

std::vector<std::string> Hashes(const std::vector<SessionRecord>& sessions) {
  std::vector<std::string> hashes;
  for (const auto& s : sessions) hashes.push_back(s.token_hash);
  return hashes;
}

TEST_P(SessionStoreContract, ListForUserHoldsOnlyThatUsersSessionsMostRecentlySeenFirst) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const Timestamp now = clock_.Now();
  Must(sessions().Create(MakeSession(alice.id, "a-old", now + 100)));
  Must(sessions().Create(MakeSession(alice.id, "a-token", now + 100, SessionKind::kApiToken)));
  Must(sessions().Create(MakeSession(bob.id, "b-1", now + 100)));
  Must(sessions().Touch("a-token", now + 5));
  Must(sessions().Touch("a-old", now + 1));

  const auto listed = Must(sessions().ListForUser(alice.id));
  EXPECT_EQ(Hashes(listed), (std::vector<std::string>{"a-token", "a-old"}));
  EXPECT_EQ(listed[0].last_seen_at, now + 5);
  EXPECT_EQ(listed[0].kind, SessionKind::kApiToken);
  EXPECT_TRUE(Must(sessions().ListForUser(424242)).empty());
}

TEST_P(SessionStoreContract, TouchSetsLastSeenAndIgnoresMissingSessions) {
  const User alice = AddUser("alice");
  Must(sessions().Create(MakeSession(alice.id, "seen", clock_.Now() + 100)));
  Must(sessions().Touch("seen", clock_.Now() + 42));
  EXPECT_EQ(Must(sessions().Find("seen")).last_seen_at, clock_.Now() + 42);
  EXPECT_TRUE(sessions().Touch("never-existed", clock_.Now()));
}

TEST_P(SessionStoreContract, DeleteByIdRemovesOnlyTheOwnersSession) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  Must(sessions().Create(MakeSession(alice.id, "a-1", clock_.Now() + 100)));
  Must(sessions().Create(MakeSession(bob.id, "b-1", clock_.Now() + 100)));

  // Bob cannot revoke Alice's session by its id: it is not found for him.
  auto foreign = sessions().DeleteById(bob.id, "id-a-1");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, Errc::kNotFound);
  EXPECT_TRUE(sessions().Find("a-1"));

  Must(sessions().DeleteById(alice.id, "id-a-1"));
  EXPECT_FALSE(sessions().Find("a-1"));
  auto again = sessions().DeleteById(alice.id, "id-a-1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kNotFound);
  // Nor does a token hash work as an id.
  auto by_hash = sessions().DeleteById(bob.id, "b-1");
  ASSERT_FALSE(by_hash);
  EXPECT_TRUE(sessions().Find("b-1"));
}

TEST_P(SessionStoreContract, DeleteOthersKeepsTheCurrentSessionAndOtherUsers) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  Must(sessions().Create(MakeSession(alice.id, "a-here", clock_.Now() + 100)));
  Must(sessions().Create(MakeSession(alice.id, "a-phone", clock_.Now() + 100)));
  Must(sessions().Create(
      MakeSession(alice.id, "a-api", clock_.Now() + 100, SessionKind::kApiToken)));
  Must(sessions().Create(MakeSession(bob.id, "b-1", clock_.Now() + 100)));

  EXPECT_EQ(Must(sessions().DeleteOthers(alice.id, "a-here")), 2);
  EXPECT_EQ(Hashes(Must(sessions().ListForUser(alice.id))), std::vector<std::string>{"a-here"});
  EXPECT_TRUE(sessions().Find("b-1"));
  EXPECT_EQ(Must(sessions().DeleteOthers(alice.id, "")), 1);
  EXPECT_TRUE(Must(sessions().ListForUser(alice.id)).empty());
}

TEST_P(SessionStoreContract, ChangePasswordRevokesOtherSessionsWithTheNewHash) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  Must(sessions().Create(MakeSession(alice.id, "a-here", clock_.Now() + 100)));
  Must(sessions().Create(MakeSession(alice.id, "a-other", clock_.Now() + 100)));
  Must(sessions().Create(MakeSession(bob.id, "b-1", clock_.Now() + 100)));

  EXPECT_EQ(Must(users().ChangePassword(alice.id, "$argon2id$new", "a-here")), 1);
  EXPECT_EQ(Must(users().FindById(alice.id)).password_hash, "$argon2id$new");
  EXPECT_TRUE(sessions().Find("a-here"));
  EXPECT_FALSE(sessions().Find("a-other"));
  EXPECT_TRUE(sessions().Find("b-1"));
  EXPECT_NE(Must(users().FindById(bob.id)).password_hash, "$argon2id$new");

  auto missing = users().ChangePassword(424242, "$argon2id$x", "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST_P(SessionStoreContract, LocaleIsStoredPerUser) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  EXPECT_EQ(alice.locale, "");
  Must(users().UpdateLocale(alice.id, "pt-BR"));
  EXPECT_EQ(Must(users().FindById(alice.id)).locale, "pt-BR");
  EXPECT_EQ(Must(users().FindById(bob.id)).locale, "");
  Must(users().UpdateLocale(alice.id, ""));
  EXPECT_EQ(Must(users().FindById(alice.id)).locale, "");
  auto missing = users().UpdateLocale(424242, "fr");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

PLAZA_STORE_CONTRACT(SessionStoreContract);

}  // namespace
}  // namespace plaza::storage_test
