#include <gtest/gtest.h>

#include <string>

#include "core/ascii.hpp"
#include "text/text.hpp"

namespace plaza::text {
namespace {

TEST(IsValidUtf8, AcceptsEmptyAndAscii) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII text, long enough for the 8-byte path"));
  EXPECT_TRUE(IsValidUtf8(std::string("nul\0inside", 10)));
}

TEST(IsValidUtf8, AcceptsEveryEncodingLength) {
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080, smallest two-byte
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9"));       // é
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800, smallest three-byte
  EXPECT_TRUE(IsValidUtf8("\xE4\xB8\xAD"));      // 中
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000, smallest four-byte
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(IsValidUtf8, RejectsOverlongEncodings) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // U+007F in two bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(IsValidUtf8, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair for 😀
}

TEST(IsValidUtf8, RejectsCodePointsPastTheLast) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // old five-byte form
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xFE"));
}

TEST(IsValidUtf8, RejectsTruncatedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("ok \xF0\x9F"));
  // A truncated sequence followed by ASCII: the next byte is not a continuation.
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8x"));
}

TEST(IsValidUtf8, RejectsStrayContinuationBytes) {
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("abc\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xC3\xA9\xA9"));
}

TEST(IsValidUtf8, FindsAnErrorPastALongAsciiRun) {
  std::string s(1000, 'a');
  EXPECT_TRUE(IsValidUtf8(s));
  s[997] = '\xC0';
  EXPECT_FALSE(IsValidUtf8(s));
  s[997] = 'a';
  s.push_back('\x80');
  EXPECT_FALSE(IsValidUtf8(s));
}

TEST(CountCodePoints, CountsEachEncodingLengthOnce) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("caf\xC3\xA9"), 4u);
  EXPECT_EQ(CountCodePoints("\xE4\xB8\xAD\xE6\x96\x87"), 2u);  // 中文
  EXPECT_EQ(CountCodePoints("\xF0\x9F\x98\x80!"), 2u);         // 😀!
  EXPECT_EQ(CountCodePoints("e\xCC\x81"), 2u);                 // e + combining acute
}

TEST(ToValidUtf8, ReplacesEachBadByteAndKeepsGoodText) {
  EXPECT_EQ(ToValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(ToValidUtf8("a\x80"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong: two bytes
  EXPECT_EQ(ToValidUtf8("\xE4\xB8"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
  EXPECT_TRUE(IsValidUtf8(ToValidUtf8("\xFF\xFE\xED\xA0\x80 ok")));
}

TEST(ValidSequenceLength, MeasuresTheSequenceAtAPosition) {
  const std::string s = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\x80";
  EXPECT_EQ(ValidSequenceLength(s, 0), 1u);
  EXPECT_EQ(ValidSequenceLength(s, 1), 2u);
  EXPECT_EQ(ValidSequenceLength(s, 3), 3u);
  EXPECT_EQ(ValidSequenceLength(s, 6), 4u);
  EXPECT_EQ(ValidSequenceLength(s, 10), 0u);  // a stray continuation byte
  EXPECT_EQ(ValidSequenceLength(s, 11), 0u);  // past the end
}

TEST(NextCodePoint, DecodesAndAdvances) {
  const std::string s = "a\xC3\xA9\xF0\x9F\x98\x80";
  std::size_t i = 0;
  EXPECT_EQ(NextCodePoint(s, i), U'a');
  EXPECT_EQ(NextCodePoint(s, i), U'\u00E9');
  EXPECT_EQ(NextCodePoint(s, i), U'\U0001F600');
  EXPECT_EQ(i, s.size());
}

TEST(AppendUtf8, EncodesEveryLengthAndRoundTrips) {
  std::string out;
  for (char32_t cp : {U'A', U'\u00E9', U'\u20AC', U'\U0001F600', U'\U0010FFFF'}) {
    out.clear();
    AppendUtf8(out, cp);
    ASSERT_TRUE(IsValidUtf8(out));
    std::size_t i = 0;
    EXPECT_EQ(NextCodePoint(out, i), cp);
    EXPECT_EQ(i, out.size());
  }
}

TEST(AppendUtf8, ReplacesSurrogatesAndOutOfRangeValues) {
  std::string out;
  AppendUtf8(out, 0xD800);
  AppendUtf8(out, 0x110000);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Ascii, FoldsCaseAndTrimsOnlyAscii) {
  EXPECT_EQ(AsciiLowered("HeLLo \xC3\x89"), "hello \xC3\x89");  // É stays
  EXPECT_TRUE(EqualsIgnoreAsciiCase("WWW.", "www."));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("www", "www."));
  EXPECT_TRUE(StartsWithIgnoreAsciiCase("HTTPS://x", "https://"));
  EXPECT_EQ(TrimAsciiSpace("\t\r\n a b \f\v"), "a b");
  EXPECT_EQ(TrimSpacesAndTabs(" \ta\n\t "), "a\n");
}

}  // namespace
}  // namespace plaza::text
