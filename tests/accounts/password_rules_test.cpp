// Issue 12, finding 7: passwords are NFC-normalized, and common or one-character passwords are
// refused at registration.

#include <string>
#include <vector>

#include "accounts/password_rules.hpp"
#include "accounts_fixture.hpp"

namespace plaza::accounts_test {
namespace {

using PasswordRules = AccountsTest;

// "Crème brûlée 42" composed (NFC) and decomposed (NFD: e + U+0300, u + U+0302).
const std::string kNfc = "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9\x65 42";
const std::string kNfd = "Cre\xCC\x80me bru\xCC\x82le\xCC\x81\x65 42";

TEST_F(PasswordRules, NfcAndNfdFormsOfAPasswordAreTheSame) {
  ASSERT_NE(kNfc, kNfd);
  Must(accounts_->Register(RegisterInput{"alice", kNfc, "Alice", "192.0.2.1"},
                           SessionKind::kBrowser));
  EXPECT_TRUE(LoginUser("alice", kNfd));
  EXPECT_TRUE(LoginUser("alice", kNfc));
  Must(accounts_->Register(RegisterInput{"bob", kNfd, "Bob", "192.0.2.1"}, SessionKind::kBrowser));
  EXPECT_TRUE(LoginUser("bob", kNfc));
}

TEST_F(PasswordRules, RefusesCommonPasswordsWhateverTheirCase) {
  for (const std::string password :
       {"123456789012", "Password1234", "QWERTYUIOP123", "1q2w3e4r5t6y"}) {
    auto result = accounts_->Register(RegisterInput{"alice", password, "Alice", "192.0.2.1"},
                                      SessionKind::kBrowser);
    ASSERT_FALSE(result) << password;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << password;
    EXPECT_EQ(result.error().field, "password") << password;
    EXPECT_NE(result.error().message.find("common"), std::string::npos) << password;
  }
}

TEST_F(PasswordRules, RefusesOneCharacterRepeated) {
  for (const std::string& password :
       std::vector<std::string>{std::string(20, 'a'), std::string(12, '1'),
                                std::string("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                            "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                            "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9")}) {
    auto result = accounts_->Register(RegisterInput{"alice", password, "Alice", "192.0.2.1"},
                                      SessionKind::kBrowser);
    ASSERT_FALSE(result) << password;
    EXPECT_EQ(result.error().field, "password") << password;
    EXPECT_NE(result.error().message.find("repeated"), std::string::npos) << password;
  }
}

TEST(CheckPasswordStrength, AcceptsAnOrdinaryPassphrase) {
  EXPECT_TRUE(CheckPasswordStrength("tidal copper umbrella"));
  EXPECT_TRUE(CheckPasswordStrength("aaaaaaaaaaab"));
}

}  // namespace
}  // namespace plaza::accounts_test
