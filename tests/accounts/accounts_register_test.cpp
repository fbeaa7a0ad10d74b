#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

// 👨‍👩‍👧: one grapheme of five code points.
const std::string kFamily =
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

using RegisterTest = AccountsTest;

TEST_F(RegisterTest, OpensASessionForTheNewUser) {
  const AuthResult result = Must(RegisterUser("alice"));
  EXPECT_GT(result.user.id, 0);
  EXPECT_EQ(result.user.handle, "alice");
  EXPECT_EQ(result.user.display_name, "Display alice");
  EXPECT_EQ(result.token.size(), 43u);
  EXPECT_EQ(result.csrf.size(), 43u);
  EXPECT_NE(result.token, result.csrf);
  const Viewer viewer = Must(accounts_->Authenticate(result.token, SessionKind::kBrowser));
  EXPECT_EQ(viewer.user.id, result.user.id);
  EXPECT_EQ(viewer.csrf, result.csrf);
  EXPECT_EQ(viewer.kind, SessionKind::kBrowser);
}

TEST_F(RegisterTest, NeverHandsOutThePasswordHash) {
  const AuthResult result = Must(RegisterUser("alice"));
  EXPECT_EQ(result.user.password_hash, "");
  EXPECT_EQ(Must(accounts_->Authenticate(result.token, SessionKind::kBrowser)).user.password_hash,
            "");
  EXPECT_EQ(Must(accounts_->FindByHandle("alice")).password_hash, "");
  EXPECT_EQ(Must(accounts_->FindById(result.user.id)).password_hash, "");
  EXPECT_NE(Must(store_->users().FindByHandle("alice")).password_hash, "");
}

TEST_F(RegisterTest, TrimsAndLowerCasesTheHandle) {
  const AuthResult result = Must(RegisterUser("  Alice_01 "));
  EXPECT_EQ(result.user.handle, "alice_01");
  EXPECT_EQ(Must(accounts_->FindByHandle("ALICE_01")).id, result.user.id);
}

TEST_F(RegisterTest, RefusesMalformedHandles) {
  for (const std::string& handle :
       std::vector<std::string>{"", "ab", std::string(31, 'a'), "bad-handle", "dot.ted",
                                "h\xC3\xA9llo", "a b c", "bad\xFF"}) {
    auto result = RegisterUser(handle);
    ASSERT_FALSE(result) << handle;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << handle;
    EXPECT_EQ(result.error().field, "handle") << handle;
  }
}

TEST_F(RegisterTest, AcceptsHandlesAtTheLengthLimits) {
  EXPECT_TRUE(RegisterUser("abc"));
  EXPECT_TRUE(RegisterUser(std::string(30, 'z')));
}

TEST_F(RegisterTest, RefusesATakenHandleWhateverItsCase) {
  Must(RegisterUser("alice"));
  auto again = RegisterUser("ALICE", "192.0.2.2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kConflict);
  EXPECT_EQ(again.error().field, "handle");
}

TEST_F(RegisterTest, RefusesBadDisplayNames) {
  for (const std::string& name : std::vector<std::string>{
           "", "   ", "tab\there", "bell\x07", "bad\xC0\xAF", "spoof\xE2\x80\xAEgpj.exe"}) {
    auto result = accounts_->Register(RegisterInput{"alice", kPassword, name, "192.0.2.1"},
                                      SessionKind::kBrowser);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << name;
    EXPECT_EQ(result.error().field, "display_name") << name;
  }
}

TEST_F(RegisterTest, CountsDisplayNameLengthInGraphemes) {
  // 50 decomposed "é" are 100 code points but 50 characters to a reader.
  const std::string e_acute = "e\xCC\x81";
  EXPECT_TRUE(accounts_->Register(
      RegisterInput{"alice", kPassword, Repeat(e_acute, 50), "192.0.2.1"}, SessionKind::kBrowser));
  auto too_long = accounts_->Register(
      RegisterInput{"bob", kPassword, Repeat(e_acute, 51), "192.0.2.1"}, SessionKind::kBrowser);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(too_long.error().field, "display_name");
  EXPECT_EQ(too_long.error().limit, 50);
}

// Issue 12, finding 2: a grapheme limit alone does not bound size.
TEST_F(RegisterTest, CapsDisplayNameBytes) {
  // 22 family emoji (396 bytes) fit; 23 (414 bytes) pass the 400-byte cap though they are 23
  // characters.
  EXPECT_TRUE(accounts_->Register(
      RegisterInput{"alice", kPassword, Repeat(kFamily, 22), "192.0.2.1"}, SessionKind::kBrowser));
  auto too_big = accounts_->Register(
      RegisterInput{"bob", kPassword, Repeat(kFamily, 23), "192.0.2.1"}, SessionKind::kBrowser);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(too_big.error().field, "display_name");
  EXPECT_EQ(too_big.error().limit, 400);
}

TEST_F(RegisterTest, RefusesADisplayNameOfTwoHundredThousandCombiningMarks) {
  auto result = accounts_->Register(
      RegisterInput{"alice", kPassword, Repeat("\xCC\x81", 200'000), "192.0.2.1"},
      SessionKind::kBrowser);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "display_name");
  EXPECT_EQ(result.error().limit, 400);
}

TEST_F(RegisterTest, CapsCombiningMarksPerCharacter) {
  // Within the byte cap: "Z" and 31 acute accents are one character of 63 bytes.
  EXPECT_TRUE(accounts_->Register(
      RegisterInput{"alice", kPassword, "Z" + Repeat("\xCC\x81", 30), "192.0.2.1"},
      SessionKind::kBrowser));
  auto result = accounts_->Register(
      RegisterInput{"bob", kPassword, "Z" + Repeat("\xCC\x81", 31), "192.0.2.1"},
      SessionKind::kBrowser);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "display_name");
  EXPECT_EQ(result.error().limit, 30);
}

TEST_F(RegisterTest, RequiresAVisibleCharacterInTheDisplayName) {
  // U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+3164 HANGUL FILLER, lone combining marks.
  for (const std::string& name :
       std::vector<std::string>{"\xE2\x80\x8B", "\xE2\x80\x8B\xE2\x80\x8B", "\xE2\x81\xA0",
                                "\xE3\x85\xA4", "\xCC\x81\xCC\x81"}) {
    auto result = accounts_->Register(RegisterInput{"alice", kPassword, name, "192.0.2.1"},
                                      SessionKind::kBrowser);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << name;
    EXPECT_EQ(result.error().field, "display_name") << name;
  }
  EXPECT_TRUE(accounts_->Register(RegisterInput{"alice", kPassword,
                                                "\xE2\x80\x8B"
                                                "A",
                                                "192.0.2.1"},
                                  SessionKind::kBrowser));
}

TEST_F(RegisterTest, RefusesPasswordsOutsideTwelveToOneHundredTwentyEightCharacters) {
  for (const std::string& password :
       std::vector<std::string>{std::string(11, 'p'), Repeat("\xC3\xA9", 11), std::string(129, 'p'),
                                "twelve chars\xFF"}) {
    auto result = accounts_->Register(RegisterInput{"alice", password, "Alice", "192.0.2.1"},
                                      SessionKind::kBrowser);
    ASSERT_FALSE(result) << password;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << password;
    EXPECT_EQ(result.error().field, "password") << password;
  }
}

TEST_F(RegisterTest, CountsPasswordLengthInCharacters) {
  // Twelve é are 24 bytes; 128 of them are 256 bytes. Both are within the rule.
  EXPECT_TRUE(accounts_->Register(RegisterInput{"alice",
                                                Repeat("\xC3\xA9"
                                                       "a",
                                                       6),
                                                "Alice", "192.0.2.1"},
                                  SessionKind::kBrowser));
  EXPECT_TRUE(accounts_->Register(RegisterInput{"bob",
                                                Repeat("\xC3\xA9"
                                                       "b",
                                                       64),
                                                "Bob", "192.0.2.1"},
                                  SessionKind::kBrowser));
}

TEST_F(RegisterTest, IsThrottledPerAddress) {
  Must(RegisterUser("user1", "192.0.2.1"));
  Must(RegisterUser("user2", "192.0.2.1"));
  Must(RegisterUser("user3", "192.0.2.1"));
  auto refused = RegisterUser("user4", "192.0.2.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_TRUE(refused.error().retry_after_s.has_value());
  EXPECT_TRUE(RegisterUser("user4", "192.0.2.2"));
}

TEST_F(RegisterTest, StoresAnArgon2idHash) {
  Must(RegisterUser("alice"));
  const User stored = Must(store_->users().FindByHandle("alice"));
  EXPECT_TRUE(stored.password_hash.starts_with("$argon2id$")) << stored.password_hash;
  EXPECT_EQ(stored.password_hash.find(kPassword), std::string::npos);
}

TEST(AccountsProductionParameters, HashWithNineteenMebibytesAndTwoPasses) {
  auto db = Must(storage_test::ScratchDatabase::Sqlite());
  auto store = Must(db->Open());
  Must(store->Migrate());
  ManualClock clock;
  InMemoryRateLimiter limiter(clock, RateLimit{10, 60});
  LoginBackoff backoff(clock, LoginBackoffOptions{});
  Accounts accounts(*store, clock, AccountThrottles{backoff, limiter, limiter});
  Must(accounts.Register(RegisterInput{"alice", kPassword, "Alice", "192.0.2.1"},
                         SessionKind::kBrowser));
  const std::string hash = Must(store->users().FindByHandle("alice")).password_hash;
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_NE(hash.find("m=19456,t=2"), std::string::npos) << hash;
  EXPECT_TRUE(accounts.Login(LoginInput{"alice", kPassword, "192.0.2.1"}, SessionKind::kBrowser));
}

}  // namespace
}  // namespace plaza::accounts_test
