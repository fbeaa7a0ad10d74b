#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

using SessionTest = AccountsTest;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr SessionKind kBrowser = SessionKind::kBrowser;
constexpr SessionKind kApi = SessionKind::kApiToken;

TEST_F(SessionTest, StoresOnlyTheTokensHashWithAnUnrelatedPublicId) {
  const AuthResult result = Must(RegisterUser("alice"));
  const SessionRecord stored = Must(store_->sessions().Find(HashToken(result.token)));
  EXPECT_EQ(stored.user_id, result.user.id);
  EXPECT_EQ(stored.csrf, result.csrf);
  EXPECT_EQ(stored.created_at, clock_.Now());
  EXPECT_EQ(stored.last_seen_at, clock_.Now());
  EXPECT_EQ(stored.expires_at, clock_.Now() + hours(12) / microseconds(1));
  EXPECT_EQ(result.max_age_s, 12 * 3600);
  EXPECT_FALSE(stored.id.empty());
  EXPECT_EQ(stored.token_hash.find(stored.id), std::string::npos);
  EXPECT_EQ(result.token.find(stored.id), std::string::npos);
  auto by_token = store_->sessions().Find(result.token);
  ASSERT_FALSE(by_token);
  EXPECT_EQ(by_token.error().code, Errc::kNotFound);
}

TEST_F(SessionTest, RecordsDeviceAndAddress) {
  const AuthResult result = Must(accounts_->Register(
      RegisterInput{"alice", kPassword, "Alice", "198.51.100.4"}, kBrowser,
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"));
  const SessionRecord stored = Must(store_->sessions().Find(HashToken(result.token)));
  EXPECT_EQ(stored.device, "Firefox on Linux");
  EXPECT_EQ(stored.address, "198.51.100.4");
}

TEST_F(SessionTest, RefusesUnknownTokens) {
  Must(RegisterUser("alice"));
  for (const std::string& token :
       std::vector<std::string>{"", NewSecretToken(), std::string(10'000, 'a')}) {
    auto viewer = accounts_->Authenticate(token, kBrowser);
    ASSERT_FALSE(viewer);
    EXPECT_EQ(viewer.error().code, Errc::kUnauthenticated);
  }
}

// Issue 12, finding 6: a browser session's cookie value was accepted as an API bearer token.
TEST_F(SessionTest, EachCredentialWorksOnlyAsItsOwnKind) {
  const AuthResult browser = Must(RegisterUser("alice"));
  const AuthResult api = Must(RegisterUser("bob", "192.0.2.1", kApi));
  auto cookie_as_bearer = accounts_->Authenticate(browser.token, kApi);
  ASSERT_FALSE(cookie_as_bearer);
  EXPECT_EQ(cookie_as_bearer.error().code, Errc::kUnauthenticated);
  auto bearer_as_cookie = accounts_->Authenticate(api.token, kBrowser);
  ASSERT_FALSE(bearer_as_cookie);
  EXPECT_EQ(bearer_as_cookie.error().code, Errc::kUnauthenticated);
  // Refusing the wrong kind does not end the credential for its own kind.
  EXPECT_EQ(Must(accounts_->Authenticate(browser.token, kBrowser)).kind, kBrowser);
  EXPECT_EQ(Must(accounts_->Authenticate(api.token, kApi)).kind, kApi);
}

TEST_F(SessionTest, BrowserSessionEndsAfterThirtyIdleMinutes) {
  const AuthResult result = Must(RegisterUser("alice"));
  clock_.Advance(minutes(30) - microseconds(1));
  EXPECT_TRUE(accounts_->Authenticate(result.token, kBrowser));
  // That use was recorded, so the idle time starts again from it.
  clock_.Advance(minutes(30) - microseconds(1));
  EXPECT_TRUE(accounts_->Authenticate(result.token, kBrowser));
  clock_.Advance(minutes(30));
  auto idle = accounts_->Authenticate(result.token, kBrowser);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().code, Errc::kUnauthenticated);
  // An expired session is deleted when seen.
  EXPECT_FALSE(store_->sessions().Find(HashToken(result.token)));
}

TEST_F(SessionTest, BrowserSessionEndsTwelveHoursAfterLogInHoweverBusy) {
  const AuthResult result = Must(RegisterUser("alice"));
  for (int i = 0; i < 12 * 6 - 1; ++i) {
    clock_.Advance(minutes(10));
    ASSERT_TRUE(accounts_->Authenticate(result.token, kBrowser)) << "at step " << i;
  }
  clock_.Advance(minutes(10) - microseconds(1));
  EXPECT_TRUE(accounts_->Authenticate(result.token, kBrowser));
  clock_.Advance(microseconds(1));
  EXPECT_FALSE(accounts_->Authenticate(result.token, kBrowser));
}

TEST_F(SessionTest, ApiTokenLastsNinetyDaysWithoutIdleTimeout) {
  const AuthResult api = Must(RegisterUser("bob", "192.0.2.1", kApi));
  EXPECT_EQ(api.max_age_s, 90LL * 24 * 3600);
  clock_.Advance(hours(24 * 90) - microseconds(1));  // unused all that time
  EXPECT_EQ(Must(accounts_->Authenticate(api.token, kApi)).kind, kApi);
  clock_.Advance(microseconds(1));
  EXPECT_FALSE(accounts_->Authenticate(api.token, kApi));
}

TEST_F(SessionTest, ConfiguredTimeoutsApply) {
  AccountsOptions options = FastOptions();
  options.sessions.browser_idle_minutes = 5;
  options.sessions.browser_absolute_hours = 1;
  Accounts accounts(*store_, clock_,
                    AccountThrottles{login_backoff_, login_per_address_, register_per_address_},
                    options);
  const AuthResult result =
      Must(accounts.Register(RegisterInput{"alice", kPassword, "Alice", "192.0.2.1"}, kBrowser));
  EXPECT_EQ(result.max_age_s, 3600);
  clock_.Advance(minutes(5));
  EXPECT_FALSE(accounts.Authenticate(result.token, kBrowser));
}

TEST_F(SessionTest, ShorterAbsoluteTimeoutInConfigEndsOlderSessions) {
  const AuthResult result = Must(RegisterUser("alice"));  // stored expiry: 12 hours
  AccountsOptions options = FastOptions();
  options.sessions.browser_absolute_hours = 1;
  options.sessions.browser_idle_minutes = 600;
  Accounts restarted(*store_, clock_,
                     AccountThrottles{login_backoff_, login_per_address_, register_per_address_},
                     options);
  clock_.Advance(minutes(59));
  EXPECT_TRUE(restarted.Authenticate(result.token, kBrowser));
  clock_.Advance(minutes(1));
  EXPECT_FALSE(restarted.Authenticate(result.token, kBrowser));
}

TEST_F(SessionTest, LastSeenIsWrittenAtMostOnceAMinute) {
  const AuthResult result = Must(RegisterUser("alice"));
  const std::string hash = HashToken(result.token);
  const Timestamp created = clock_.Now();
  for (int i = 0; i < 59; ++i) {
    clock_.Advance(seconds(1));
    ASSERT_TRUE(accounts_->Authenticate(result.token, kBrowser));
  }
  EXPECT_EQ(Must(store_->sessions().Find(hash)).last_seen_at, created);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(accounts_->Authenticate(result.token, kBrowser));
  const Timestamp seen = Must(store_->sessions().Find(hash)).last_seen_at;
  EXPECT_EQ(seen, created + seconds(60) / microseconds(1));
  clock_.Advance(seconds(30));
  ASSERT_TRUE(accounts_->Authenticate(result.token, kBrowser));
  EXPECT_EQ(Must(store_->sessions().Find(hash)).last_seen_at, seen);
}

TEST_F(SessionTest, LogoutEndsOnlyThatSession) {
  const AuthResult first = Must(RegisterUser("alice"));
  const AuthResult second = Must(LoginUser("alice", kPassword));
  Must(accounts_->Logout(first.token));
  auto ended = accounts_->Authenticate(first.token, kBrowser);
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error().code, Errc::kUnauthenticated);
  EXPECT_TRUE(accounts_->Authenticate(second.token, kBrowser));
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

// Issue 12: ended sessions were deleted only when presented; the recurring job deletes every
// one that has ended, by the configured timeouts as well as the stored expiry.
TEST_F(SessionTest, PurgeDeletesExactlyTheSessionsThatHaveEnded) {
  const AuthResult idle = Must(RegisterUser("alice"));
  const AuthResult api = Must(RegisterUser("bob", "192.0.2.1", kApi));
  clock_.Advance(minutes(20));
  const AuthResult busy = Must(RegisterUser("carol"));
  EXPECT_EQ(Must(accounts_->PurgeExpiredSessions()), 0);

  // Alice's session has been idle 30 minutes; Carol's 10; Bob's token has no idle timeout.
  clock_.Advance(minutes(10));
  EXPECT_EQ(Must(accounts_->PurgeExpiredSessions()), 1);
  EXPECT_FALSE(store_->sessions().Find(HashToken(idle.token)));
  EXPECT_TRUE(store_->sessions().Find(HashToken(busy.token)));
  EXPECT_TRUE(store_->sessions().Find(HashToken(api.token)));

  // Used now and then, Carol's session still ends 12 hours after log-in.
  Must(accounts_->Authenticate(busy.token, kBrowser));
  for (int i = 0; i < 24; ++i) {
    clock_.Advance(minutes(29));
    Must(accounts_->Authenticate(busy.token, kBrowser));
    Must(accounts_->PurgeExpiredSessions());
  }
  EXPECT_TRUE(store_->sessions().Find(HashToken(busy.token)));  // 11 h 46 min after log-in
  clock_.Advance(minutes(14));
  EXPECT_EQ(Must(accounts_->PurgeExpiredSessions()), 1);
  EXPECT_FALSE(store_->sessions().Find(HashToken(busy.token)));

  // Bob's token ends 90 days after it was issued.
  clock_.Advance(hours(90 * 24) - minutes(20 + 10 + 24 * 29 + 14) - microseconds(1));
  EXPECT_EQ(Must(accounts_->PurgeExpiredSessions()), 0);
  clock_.Advance(microseconds(1));
  EXPECT_EQ(Must(accounts_->PurgeExpiredSessions()), 1);
  EXPECT_FALSE(store_->sessions().Find(HashToken(api.token)));
}

}  // namespace
}  // namespace plaza::accounts_test
