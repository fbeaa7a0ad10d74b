#include <gtest/gtest.h>

#include <string>

#include "text/text.hpp"

namespace plaza::text {
namespace {

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kAcute = "\xCC\x81";  // U+0301 COMBINING ACUTE ACCENT
const std::string kFamily =
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";

TEST(TrimSpace, TrimsAsciiAndUnicodeSpaces) {
  EXPECT_EQ(TrimSpace(" \t\xE3\x80\x80title\xE3\x80\x80\n"), "title");  // U+3000 around
  EXPECT_EQ(TrimSpace("\xE2\x80\x8B"), "");                             // U+200B
  EXPECT_EQ(TrimSpace("a b"), "a b");
}

TEST(HasControl, FindsC0DelAndC1) {
  EXPECT_TRUE(HasControl("a\tb"));
  EXPECT_TRUE(HasControl("a\x7F"));
  EXPECT_TRUE(HasControl("a\xC2\x85"));  // U+0085
  EXPECT_FALSE(HasControl("caf\xC3\xA9"));
}

TEST(HasVisibleChar, RefusesInvisibleOnlyText) {
  EXPECT_FALSE(HasVisibleChar(""));
  EXPECT_FALSE(HasVisibleChar("\xE2\x80\x8B"));           // U+200B ZERO WIDTH SPACE
  EXPECT_FALSE(HasVisibleChar("\xE2\x81\xA0"));           // U+2060 WORD JOINER
  EXPECT_FALSE(HasVisibleChar("\xE3\x85\xA4"));           // U+3164 HANGUL FILLER
  EXPECT_FALSE(HasVisibleChar("\xE2\xA0\x80"));           // U+2800 BRAILLE PATTERN BLANK
  EXPECT_FALSE(HasVisibleChar("\xEF\xB8\x8F" + kAcute));  // a variation selector, a mark
  EXPECT_FALSE(HasVisibleChar("\xE2\x80\xAE"));           // U+202E, a format character
  EXPECT_TRUE(
      HasVisibleChar("\xE2\x80\x8B"
                     "a"));
  EXPECT_TRUE(HasVisibleChar("\xE6\x9D\x8E"));  // 李
  EXPECT_TRUE(HasVisibleChar(kFamily));
}

TEST(MaxClusterMarks, CountsCodePointsAfterTheFirstOfEachCluster) {
  EXPECT_EQ(MaxClusterMarks(""), 0u);
  EXPECT_EQ(MaxClusterMarks("abc"), 0u);
  EXPECT_EQ(MaxClusterMarks("a\r\nb"), 1u);
  EXPECT_EQ(MaxClusterMarks("e" + kAcute + " x"), 1u);
  EXPECT_EQ(MaxClusterMarks("ok " + kFamily), 4u);
  EXPECT_EQ(MaxClusterMarks("a Z" + Repeat(kAcute, 31) + " b"), 31u);
}

TEST(CheckTextLimit, ChecksBytesBeforeGraphemes) {
  // One grapheme of 600,001 bytes: the byte cap answers.
  const auto result = CheckTextLimit("Z" + Repeat(kAcute, 300'000), kTitleLimit, "title", "title");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "title");
  EXPECT_EQ(result.error().limit, 1'600);
  EXPECT_EQ(result.error().message, "title is longer than 1600 bytes");
}

TEST(CheckTextLimit, ChecksGraphemesThenMarks) {
  EXPECT_TRUE(CheckTextLimit(std::string(200, 'a'), kTitleLimit, "title", "title"));
  const auto long_title = CheckTextLimit(std::string(201, 'a'), kTitleLimit, "title", "title");
  ASSERT_FALSE(long_title);
  EXPECT_EQ(long_title.error().limit, 200);
  EXPECT_EQ(long_title.error().message, "title is longer than 200 characters");
  EXPECT_TRUE(CheckTextLimit("Z" + Repeat(kAcute, 30), kTitleLimit, "title", "title"));
  const auto zalgo =
      CheckTextLimit("Z" + Repeat(kAcute, 31), kDisplayNameLimit, "display_name", "display name");
  ASSERT_FALSE(zalgo);
  EXPECT_EQ(zalgo.error().field, "display_name");
  EXPECT_EQ(zalgo.error().limit, 30);
}

}  // namespace
}  // namespace plaza::text
