#include <gtest/gtest.h>

#include <string>

#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

class LoginTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (HasFatalFailure()) return;
    alice_ = Must(RegisterUser("alice")).user;
  }

  User alice_;
};

TEST_F(LoginTest, OpensANewSession) {
  const AuthResult first = Must(LoginUser("alice", kPassword));
  const AuthResult second = Must(LoginUser("  ALICE ", kPassword));
  EXPECT_EQ(first.user.id, alice_.id);
  EXPECT_EQ(second.user.id, alice_.id);
  EXPECT_NE(first.token, second.token);
  EXPECT_EQ(Must(accounts_->Authenticate(first.token, SessionKind::kBrowser)).user.id, alice_.id);
  EXPECT_EQ(Must(accounts_->Authenticate(second.token, SessionKind::kBrowser)).user.id, alice_.id);
}

TEST_F(LoginTest, GivesOneAnswerForAnUnknownHandleAndAWrongPassword) {
  auto wrong_password = LoginUser("alice", "not the right password");
  auto unknown_handle = LoginUser("nobody", kPassword);
  auto malformed_handle = LoginUser("no-such-handle!", kPassword);
  for (const auto* result : {&wrong_password, &unknown_handle, &malformed_handle}) {
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().code, Errc::kUnauthenticated);
    EXPECT_EQ(result->error().message, "invalid handle or password");
    EXPECT_EQ(result->error().field, "");
  }
}

TEST_F(LoginTest, RefusesAPasswordThatBreaksTheRulesWithTheSameAnswer) {
  auto result = LoginUser("alice", std::string(200, 'x'));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kUnauthenticated);
  EXPECT_EQ(result.error().message, "invalid handle or password");
}

// Issue 12, finding 5: ten wrong passwords from ten addresses locked the owner out.
TEST_F(LoginTest, FailuresFromOtherAddressesNeverKeepTheOwnerOut) {
  // More failures than the per-account ceiling (10 here), each from another address.
  for (int i = 0; i < 15; ++i) {
    auto result = LoginUser("alice", "wrong password " + std::to_string(i),
                            "198.51.100." + std::to_string(i));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kUnauthenticated) << i;
  }
  EXPECT_TRUE(LoginUser("alice", kPassword, "203.0.113.9"));
}

TEST_F(LoginTest, BacksOffPerAccountAndAddressDoublingTheWait) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(LoginUser("alice", "wrong password", "198.51.100.1"));
  EXPECT_TRUE(LoginUser("alice", kPassword, "198.51.100.2")) << "another address is not slowed";
  // The sixth failure from the same address sets a 1 s wait, the seventh 2 s, the eighth 4 s.
  for (int wait_s : {1, 2, 4}) {
    auto wrong = LoginUser("alice", "wrong password", "198.51.100.1");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::kUnauthenticated);
    auto waiting = LoginUser("alice", kPassword, "198.51.100.1");
    ASSERT_FALSE(waiting);
    EXPECT_EQ(waiting.error().code, Errc::kRateLimited);
    EXPECT_EQ(waiting.error().retry_after_s, wait_s);
    clock_.Advance(std::chrono::seconds(wait_s - 1));
    EXPECT_FALSE(LoginUser("alice", kPassword, "198.51.100.1")) << "still waiting";
    clock_.Advance(std::chrono::seconds(1));
  }
  EXPECT_TRUE(LoginUser("alice", kPassword, "198.51.100.1"));
}

TEST_F(LoginTest, BackoffStopsGrowingAtItsMaximum) {
  for (int i = 0; i < 20; ++i) {
    (void)LoginUser("alice", "wrong password", "198.51.100.1");
    clock_.Advance(std::chrono::seconds(900));
  }
  (void)LoginUser("alice", "wrong password", "198.51.100.1");
  auto waiting = LoginUser("alice", kPassword, "198.51.100.1");
  ASSERT_FALSE(waiting);
  EXPECT_EQ(waiting.error().retry_after_s, 900);
}

TEST_F(LoginTest, OverTheAccountCeilingEveryAddressWaitsAfterOneFailure) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(LoginUser("alice", "wrong password", "198.51.100." + std::to_string(i)));
  }
  // Over the ceiling: a fresh address may still try once (the owner gets in)...
  EXPECT_TRUE(LoginUser("alice", kPassword, "203.0.113.1"));
  // ...but a guess from a fresh address makes that address wait at once.
  EXPECT_FALSE(LoginUser("alice", "wrong password", "203.0.113.2"));
  auto waiting = LoginUser("alice", "wrong password", "203.0.113.2");
  ASSERT_FALSE(waiting);
  EXPECT_EQ(waiting.error().code, Errc::kRateLimited);
  // The window passes and addresses get their free failures back.
  clock_.Advance(std::chrono::seconds(3600));
  for (int i = 0; i < 5; ++i) {
    auto result = LoginUser("alice", "wrong password", "203.0.113.3");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kUnauthenticated) << i;
  }
}

TEST_F(LoginTest, ThrottlesUnknownHandlesLikeKnownOnes) {
  for (int i = 0; i < 6; ++i) EXPECT_FALSE(LoginUser("nobody", "wrong password", "198.51.100.1"));
  auto refused = LoginUser("nobody", "wrong password", "198.51.100.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
}

TEST_F(LoginTest, SuccessResetsThePairsCount) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(LoginUser("alice", "wrong password"));
  Must(LoginUser("alice", kPassword));
  for (int i = 0; i < 5; ++i) {
    auto result = LoginUser("alice", "wrong password");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kUnauthenticated) << i;
  }
}

TEST_F(LoginTest, IsThrottledPerAddress) {
  // 20 attempts a minute from one address, spread over handles so no account limit trips.
  for (int i = 0; i < 20; ++i) {
    auto result = LoginUser("user" + std::to_string(i % 4), "wrong password", "198.51.100.7");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kUnauthenticated) << i;
  }
  auto refused = LoginUser("alice", kPassword, "198.51.100.7");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_TRUE(LoginUser("alice", kPassword, "198.51.100.8"));
}

TEST_F(LoginTest, OpensAnApiTokenWhenAsked) {
  const AuthResult result =
      Must(accounts_->Login(LoginInput{"alice", kPassword, "192.0.2.1"}, SessionKind::kApiToken));
  EXPECT_EQ(Must(accounts_->Authenticate(result.token, SessionKind::kApiToken)).kind,
            SessionKind::kApiToken);
}

}  // namespace
}  // namespace plaza::accounts_test
