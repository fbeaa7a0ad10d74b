#include "translate/spans.hpp"

#include <gtest/gtest.h>

#include <string>

namespace plaza::translate {
namespace {

// The protected texts of a segment, in order.
std::vector<std::string> Spans(std::string_view segment) {
  std::vector<std::string> out;
  for (const Piece& piece : SplitSpans(segment)) {
    if (piece.is_protected) out.push_back(piece.text);
  }
  return out;
}

TEST(TranslateSpans, SplitGivesTextAndSpansBack) {
  const std::string segment = "Buy " + Protect("$BTC") + " now" + Protect("!");
  const auto pieces = SplitSpans(segment);
  ASSERT_EQ(pieces.size(), 4u);
  EXPECT_FALSE(pieces[0].is_protected);
  EXPECT_EQ(pieces[1].text, "$BTC");
  EXPECT_TRUE(pieces[1].is_protected);
  EXPECT_EQ(StripSpanMarks(segment), "Buy $BTC now!");
}

TEST(TranslateSpans, AnUnpairedMarkIsText) {
  const std::string segment = std::string("a ") + std::string(kSpanOpen) + "b";
  EXPECT_EQ(StripSpanMarks(segment), segment);
  EXPECT_TRUE(Spans(segment).empty());
}

TEST(TranslateSpans, SanitizeReplacesNulInvalidBytesAndMarks) {
  const std::string dirty = std::string("a\0b", 3) + "\xC3" + std::string(kSpanOpen) + "c";
  EXPECT_EQ(SanitizeText(dirty),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(SanitizeText("héllo 世界 🚀"), "héllo 世界 🚀");
}

TEST(TranslateSpans, ProtectsUrlsCashtagsHandlesAndNumbers) {
  const std::string segment = ProtectInline(
      "Read https://example.com/a_(b)?q=1. Then ask @alice_b about $BTC at 64,250.50 today.");
  EXPECT_EQ(Spans(segment), (std::vector<std::string>{"https://example.com/a_(b)?q=1", "@alice_b",
                                                      "$BTC", "64,250.50"}));
  EXPECT_EQ(StripSpanMarks(segment),
            "Read https://example.com/a_(b)?q=1. Then ask @alice_b about $BTC at 64,250.50 today.");
}

TEST(TranslateSpans, LeavesWordsThatHoldDigitsOrSigns) {
  // "5th", an e-mail's '@', the '$' of money and a lower-case "$btc" are words or prices, not
  // protected spans; the numbers in "COVID-19" and "$5" are.
  const std::string segment = ProtectInline("COVID-19 on the 5th: mail bob@x.org, pay $5 or $btc");
  EXPECT_EQ(Spans(segment), (std::vector<std::string>{"19", "5"}));
}

TEST(TranslateSpans, ProtectsBidiControlsAndEmoji) {
  const std::string text = "up \u202Eevil\u202C 🚀🇫🇷 👍🏽 now";
  const std::string segment = ProtectInline(text);
  EXPECT_EQ(StripSpanMarks(segment), text);
  const auto spans = Spans(segment);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0], "\u202E");
  EXPECT_EQ(spans[2], "🚀🇫🇷");
  EXPECT_EQ(spans[3], "👍🏽");
}

TEST(TranslateSpans, TranslatableTextNeedsALetterOutsideSpans) {
  EXPECT_FALSE(HasTranslatableText(Protect("hello") + " 42 "));
  EXPECT_FALSE(HasTranslatableText("  🚀 "));
  EXPECT_TRUE(HasTranslatableText("ok " + Protect("x")));
  EXPECT_TRUE(HasTranslatableText("日本"));
}

TEST(TranslateSpans, ChunksStayWithinTheLimitAndJoinBack) {
  std::string segment;
  for (int i = 0; i < 300; ++i) {
    segment += "Sentence number " + Protect(std::to_string(i)) + " is here. ";
  }
  const auto chunks = ChunkSegment(segment, 500);
  ASSERT_GT(chunks.size(), 10u);
  std::string joined;
  for (const std::string& chunk : chunks) {
    EXPECT_LE(chunk.size(), 500u);
    // A chunk ends at a sentence end, and no span is cut.
    EXPECT_EQ(StripSpanMarks(chunk).back(), ' ');
    std::size_t opens = 0, closes = 0;
    for (std::size_t at = chunk.find(kSpanOpen); at != std::string::npos;
         at = chunk.find(kSpanOpen, at + 1)) {
      ++opens;
    }
    for (std::size_t at = chunk.find(kSpanClose); at != std::string::npos;
         at = chunk.find(kSpanClose, at + 1)) {
      ++closes;
    }
    EXPECT_EQ(opens, closes);
    joined += chunk;
  }
  EXPECT_EQ(joined, segment);
}

TEST(TranslateSpans, AChunkNeverCutsASpanOrACodePoint) {
  const std::string segment = "日本語" + Protect(std::string(50, 'x')) + "日本語日本語";
  const auto chunks = ChunkSegment(segment, 10);
  std::string joined;
  for (const std::string& chunk : chunks) {
    const std::string plain = StripSpanMarks(chunk);
    EXPECT_EQ(SanitizeText(plain), plain);  // whole code points
    joined += chunk;
  }
  EXPECT_EQ(joined, segment);
  EXPECT_NE(std::find(chunks.begin(), chunks.end(), Protect(std::string(50, 'x'))), chunks.end());
}

}  // namespace
}  // namespace plaza::translate
