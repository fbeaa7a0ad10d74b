#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

using SessionTest = AccountsTest;

constexpr auto kThirtyDays = std::chrono::hours(24 * 30);

TEST_F(SessionTest, StoresOnlyTheTokensHash) {
  const AuthResult result = Must(RegisterUser("alice"));
  const SessionRecord stored = Must(store_->sessions().Find(HashToken(result.token)));
  EXPECT_EQ(stored.user_id, result.user.id);
  EXPECT_EQ(stored.csrf, result.csrf);
  EXPECT_EQ(stored.created_at, clock_.Now());
  EXPECT_EQ(stored.expires_at, clock_.Now() + AccountsOptions{}.session_ttl);
  auto by_token = store_->sessions().Find(result.token);
  ASSERT_FALSE(by_token);
  EXPECT_EQ(by_token.error().code, Errc::kNotFound);
}

TEST_F(SessionTest, RefusesUnknownTokens) {
  Must(RegisterUser("alice"));
  for (const std::string& token :
       std::vector<std::string>{"", NewSecretToken(), std::string(10'000, 'a')}) {
    auto viewer = accounts_->Authenticate(token);
    ASSERT_FALSE(viewer);
    EXPECT_EQ(viewer.error().code, Errc::kUnauthenticated);
  }
}

TEST_F(SessionTest, LastsUntilItExpires) {
  const AuthResult result = Must(RegisterUser("alice"));
  clock_.Advance(kThirtyDays - std::chrono::microseconds(1));
  EXPECT_TRUE(accounts_->Authenticate(result.token));
  clock_.Advance(std::chrono::microseconds(1));
  auto expired = accounts_->Authenticate(result.token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, Errc::kUnauthenticated);
}

TEST_F(SessionTest, DeletesAnExpiredSessionWhenSeen) {
  const AuthResult result = Must(RegisterUser("alice"));
  clock_.Advance(kThirtyDays);
  EXPECT_FALSE(accounts_->Authenticate(result.token));
  auto stored = store_->sessions().Find(HashToken(result.token));
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, Errc::kNotFound);
}

TEST_F(SessionTest, ApiTokensOutliveBrowserSessions) {
  const AuthResult browser = Must(RegisterUser("alice"));
  const AuthResult api = Must(RegisterUser("bob", "192.0.2.1", SessionKind::kApiToken));
  clock_.Advance(kThirtyDays * 12);
  EXPECT_FALSE(accounts_->Authenticate(browser.token));
  const Viewer viewer = Must(accounts_->Authenticate(api.token));
  EXPECT_EQ(viewer.kind, SessionKind::kApiToken);
  clock_.Advance(std::chrono::hours(24 * 5));
  EXPECT_FALSE(accounts_->Authenticate(api.token));
}

TEST_F(SessionTest, LogoutEndsOnlyThatSession) {
  const AuthResult first = Must(RegisterUser("alice"));
  const AuthResult second = Must(LoginUser("alice", kPassword));
  Must(accounts_->Logout(first.token));
  auto ended = accounts_->Authenticate(first.token);
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error().code, Errc::kUnauthenticated);
  EXPECT_TRUE(accounts_->Authenticate(second.token));
}

TEST_F(SessionTest, LogoutOfAnUnknownTokenIsNotAnError) {
  EXPECT_TRUE(accounts_->Logout(NewSecretToken()));
  EXPECT_TRUE(accounts_->Logout(""));
}

TEST_F(SessionTest, FindByHandleAndIdAnswerNotFoundForStrangers) {
  Must(RegisterUser("alice"));
  for (auto result : {accounts_->FindByHandle("nobody"), accounts_->FindByHandle("bad handle!"),
                      accounts_->FindById(999'999)}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kNotFound);
  }
}

}  // namespace
}  // namespace plaza::accounts_test
