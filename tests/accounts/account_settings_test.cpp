// The member's own account: sessions list, revoke, log out everywhere else, password change,
// settings (issue 12 finding 6, issue 8 item 2).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

constexpr SessionKind kBrowser = SessionKind::kBrowser;
constexpr SessionKind kApi = SessionKind::kApiToken;
constexpr char kNewPassword[] = "a quite different phrase";

class AccountSettingsTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    here_ = Must(RegisterUser("alice"));
    clock_.Advance(std::chrono::seconds(5));
    phone_ = Must(accounts_->Login(
        LoginInput{"alice", kPassword, "198.51.100.9"}, kBrowser,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"));
    api_ = Must(accounts_->Login(LoginInput{"alice", kPassword, "192.0.2.1"}, kApi, "curl/8.5.0"));
    viewer_ = Must(accounts_->Authenticate(here_.token, kBrowser));
  }

  bool Works(const AuthResult& auth, SessionKind kind) {
    return accounts_->Authenticate(auth.token, kind).has_value();
  }

  AuthResult here_, phone_, api_;
  Viewer viewer_;
};

TEST_F(AccountSettingsTest, ListsLiveSessionsWithTheCurrentOneFirstAndNoSecrets) {
  const auto sessions = Must(accounts_->ListSessions(viewer_));
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_TRUE(sessions[0].current);
  EXPECT_EQ(sessions[0].id, viewer_.session_id);
  EXPECT_EQ(std::count_if(sessions.begin(), sessions.end(),
                          [](const SessionInfo& s) { return s.current; }),
            1);
  for (const SessionInfo& s : sessions) {
    for (const AuthResult* auth : {&here_, &phone_, &api_}) {
      EXPECT_NE(s.id, HashToken(auth->token));
      EXPECT_EQ(HashToken(auth->token).find(s.id), std::string::npos);
      EXPECT_NE(s.id, auth->token);
    }
  }
  auto api = std::find_if(sessions.begin(), sessions.end(),
                          [](const SessionInfo& s) { return s.kind == kApi; });
  ASSERT_NE(api, sessions.end());
  EXPECT_EQ(api->device, "curl");
  auto phone = std::find_if(sessions.begin(), sessions.end(),
                            [](const SessionInfo& s) { return s.address == "198.51.100.9"; });
  ASSERT_NE(phone, sessions.end());
  EXPECT_EQ(phone->device, "Safari on iOS");
}

TEST_F(AccountSettingsTest, ListLeavesOutExpiredSessions) {
  clock_.Advance(std::chrono::minutes(29));
  viewer_ = Must(accounts_->Authenticate(here_.token, kBrowser));  // keeps this one alive
  clock_.Advance(std::chrono::minutes(2));  // the phone has been idle 31 minutes
  const auto sessions = Must(accounts_->ListSessions(viewer_));
  EXPECT_EQ(sessions.size(), 2u);
  for (const SessionInfo& s : sessions) EXPECT_NE(s.address, "198.51.100.9");
}

TEST_F(AccountSettingsTest, RevokeEndsOneSessionOfTheViewerOnly) {
  const AuthResult bob = Must(RegisterUser("bob"));
  const Viewer bob_viewer = Must(accounts_->Authenticate(bob.token, kBrowser));
  const auto sessions = Must(accounts_->ListSessions(viewer_));
  auto phone = std::find_if(sessions.begin(), sessions.end(),
                            [](const SessionInfo& s) { return s.address == "198.51.100.9"; });
  ASSERT_NE(phone, sessions.end());

  auto foreign = accounts_->RevokeSession(bob_viewer, phone->id);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, Errc::kNotFound);
  EXPECT_TRUE(Works(phone_, kBrowser));

  Must(accounts_->RevokeSession(viewer_, phone->id));
  EXPECT_FALSE(Works(phone_, kBrowser));
  EXPECT_TRUE(Works(here_, kBrowser));
  EXPECT_TRUE(Works(api_, kApi));
  auto again = accounts_->RevokeSession(viewer_, phone->id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kNotFound);
}

TEST_F(AccountSettingsTest, LogOutEverywhereElseKeepsOnlyTheCurrentSession) {
  const AuthResult bob = Must(RegisterUser("bob"));
  EXPECT_EQ(Must(accounts_->RevokeOtherSessions(viewer_)), 2);
  EXPECT_TRUE(Works(here_, kBrowser));
  EXPECT_FALSE(Works(phone_, kBrowser));
  EXPECT_FALSE(Works(api_, kApi));
  EXPECT_TRUE(Works(bob, kBrowser));
  EXPECT_EQ(Must(accounts_->ListSessions(viewer_)).size(), 1u);
}

TEST_F(AccountSettingsTest, PasswordChangeRevokesEveryOtherSession) {
  EXPECT_EQ(Must(accounts_->ChangePassword(viewer_, {kPassword, kNewPassword, "192.0.2.1"})), 2);
  EXPECT_TRUE(Works(here_, kBrowser));
  EXPECT_FALSE(Works(phone_, kBrowser));
  EXPECT_FALSE(Works(api_, kApi));
  EXPECT_FALSE(LoginUser("alice", kPassword));
  EXPECT_TRUE(LoginUser("alice", kNewPassword));
}

TEST_F(AccountSettingsTest, PasswordChangeNeedsTheCurrentPassword) {
  auto wrong = accounts_->ChangePassword(viewer_, {"not the password at all", kNewPassword, "a"});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::kForbidden);
  EXPECT_EQ(wrong.error().field, "current_password");
  EXPECT_TRUE(Works(phone_, kBrowser));
  EXPECT_TRUE(LoginUser("alice", kPassword));
}

TEST_F(AccountSettingsTest, WrongCurrentPasswordsAreThrottledLikeLogIns) {
  // Five free failures, then the sixth sets a wait (as for log-ins).
  for (int i = 0; i < 6; ++i) {
    auto wrong = accounts_->ChangePassword(viewer_, {"not the password at all", kNewPassword, "a"});
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::kForbidden);
  }
  auto waiting = accounts_->ChangePassword(viewer_, {kPassword, kNewPassword, "a"});
  ASSERT_FALSE(waiting);
  EXPECT_EQ(waiting.error().code, Errc::kRateLimited);
}

TEST_F(AccountSettingsTest, NewPasswordFollowsTheRegistrationRules) {
  for (const std::string& bad :
       {std::string("short"), std::string(12, 'a'), std::string("password1234")}) {
    auto refused = accounts_->ChangePassword(viewer_, {kPassword, bad, "192.0.2.1"});
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, Errc::kInvalidArgument) << bad;
    EXPECT_EQ(refused.error().field, "new_password") << bad;
  }
  EXPECT_TRUE(Works(phone_, kBrowser));
}

TEST_F(AccountSettingsTest, SettingsUpdateNameBioAndLocale) {
  const User user = Must(accounts_->UpdateSettings(
      viewer_, SettingsInput{"  Alice A. ", "Trades $BTC.\nWrites about $ETH.", "pt-BR"}));
  EXPECT_EQ(user.display_name, "Alice A.");
  EXPECT_EQ(user.bio, "Trades $BTC.\nWrites about $ETH.");
  EXPECT_EQ(user.locale, "pt-BR");
  EXPECT_EQ(user.password_hash, "");
  // Absent fields stay; "" is "automatic".
  const User again = Must(accounts_->UpdateSettings(viewer_, SettingsInput{{}, {}, ""}));
  EXPECT_EQ(again.display_name, "Alice A.");
  EXPECT_EQ(again.locale, "");
}

TEST_F(AccountSettingsTest, SettingsRefuseBadValues) {
  struct Case {
    SettingsInput input;
    Errc code;
    std::string field;
  };
  std::string zalgo = "Z";
  for (int i = 0; i < 40; ++i) zalgo += "\xCC\x81";  // U+0301 x40: one cluster, 40 marks
  const Case cases[] = {
      {{"\xE2\x80\x8B", {}, {}}, Errc::kInvalidArgument, "display_name"},
      {{{}, std::string(161, 'b'), {}}, Errc::kLimitExceeded, "bio"},
      {{{}, std::string(1281, 'b'), {}}, Errc::kLimitExceeded, "bio"},
      {{{}, zalgo, {}}, Errc::kLimitExceeded, "bio"},
      {{{}, "bidi \xE2\x80\xAE override", {}}, Errc::kInvalidArgument, "bio"},
      {{{}, {}, "xx"}, Errc::kInvalidArgument, "locale"},
      {{{}, {}, "FR"}, Errc::kInvalidArgument, "locale"},
  };
  for (const Case& c : cases) {
    auto refused = accounts_->UpdateSettings(viewer_, c.input);
    ASSERT_FALSE(refused) << c.field;
    EXPECT_EQ(refused.error().code, c.code) << c.field;
    EXPECT_EQ(refused.error().field, c.field);
  }
  const User unchanged = Must(accounts_->FindById(viewer_.user.id));
  EXPECT_EQ(unchanged.display_name, "Display alice");
  EXPECT_EQ(unchanged.bio, "");
  EXPECT_EQ(unchanged.locale, "");
}

TEST(DeviceSummary, NamesBrowserAndSystemOnly) {
  EXPECT_EQ(DeviceSummary(""), "");
  EXPECT_EQ(DeviceSummary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
                          "like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"),
            "Edge on Windows");
  EXPECT_EQ(DeviceSummary("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
                          "Chrome/120.0 Mobile Safari/537.36"),
            "Chrome on Android");
  EXPECT_EQ(DeviceSummary("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 "
                          "(KHTML, like Gecko) Version/17.0 Safari/605.1.15"),
            "Safari on macOS");
  EXPECT_EQ(DeviceSummary("python-requests/2.31"), "python-requests");
  EXPECT_EQ(DeviceSummary("<script>alert(1)</script>"), "");
  EXPECT_EQ(DeviceSummary(std::string(5000, 'x')), "");
}

}  // namespace
}  // namespace plaza::accounts_test
