// Finding 4 of issue 12 (login CSRF): anonymous form tokens are signed by the server and bound to
// the pre-session in the CSRF cookie.

#include <string>

#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

using AccountsFormToken = AccountsTest;

TEST_F(AccountsFormToken, IssuedTokenVerifiesForItsPreSessionOnly) {
  const std::string pre_session = NewSecretToken();
  const std::string token = accounts_->FormToken(pre_session);
  ASSERT_EQ(token.size(), 43u);
  EXPECT_NE(token, pre_session);
  EXPECT_TRUE(accounts_->FormTokenValid(pre_session, token));
  EXPECT_FALSE(accounts_->FormTokenValid(NewSecretToken(), token));
}

TEST_F(AccountsFormToken, RefusesPlantedEqualPairs) {
  const std::string pre_session = NewSecretToken();
  EXPECT_FALSE(accounts_->FormTokenValid("x", "x"));
  EXPECT_FALSE(accounts_->FormTokenValid(pre_session, pre_session));
  EXPECT_FALSE(accounts_->FormTokenValid(std::string(43, 'A'), std::string(43, 'A')));
  EXPECT_FALSE(accounts_->FormTokenValid(pre_session, ""));
  EXPECT_FALSE(accounts_->FormTokenValid("", ""));
}

TEST_F(AccountsFormToken, NoTokenForMalformedPreSessions) {
  EXPECT_EQ(accounts_->FormToken("short"), "");
  EXPECT_EQ(accounts_->FormToken(std::string(43, '=')), "");
  EXPECT_EQ(accounts_->FormToken(NewSecretToken() + "A"), "");
}

TEST_F(AccountsFormToken, AnotherServerSecretRefusesTheToken) {
  LoginBackoff backoff{clock_, LoginBackoffOptions{}};
  InMemoryRateLimiter limiter{clock_, RateLimit{5, 60}};
  Accounts other(*store_, clock_, AccountThrottles{backoff, limiter, limiter}, FastOptions());
  const std::string pre_session = NewSecretToken();
  EXPECT_FALSE(other.FormTokenValid(pre_session, accounts_->FormToken(pre_session)));
}

}  // namespace
}  // namespace plaza::accounts_test
