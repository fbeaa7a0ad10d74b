#include <gtest/gtest.h>

#include <set>
#include <string>

#include "accounts/accounts.hpp"

namespace plaza {
namespace {

TEST(NewSecretToken, IsFortyThreeBase64UrlCharacters) {
  const std::string token = NewSecretToken();
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, no padding
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << token;
}

TEST(NewSecretToken, IsFreshEachTime) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(NewSecretToken());
  EXPECT_EQ(seen.size(), 100u);
}

TEST(HashToken, IsHexSha256) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SecretsEqual, ComparesContentAndLength) {
  EXPECT_TRUE(SecretsEqual("same-secret", "same-secret"));
  EXPECT_FALSE(SecretsEqual("same-secret", "same-secreT"));
  EXPECT_FALSE(SecretsEqual("same-secret", "same-secret-but-longer"));
  EXPECT_FALSE(SecretsEqual("", "x"));
}

TEST(SecretsEqual, NeverMatchesEmptySecrets) { EXPECT_FALSE(SecretsEqual("", "")); }

}  // namespace
}  // namespace plaza
