#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.hpp"

namespace plaza::text {
namespace {

using Tags = std::vector<std::string>;

TEST(ExtractCashtags, FindsTagsInOrderOfFirstMention) {
  EXPECT_EQ(ExtractCashtags("Long $ETH, short $BTC."), (Tags{"ETH", "BTC"}));
}

TEST(ExtractCashtags, ListsEachTagOnce) {
  EXPECT_EQ(ExtractCashtags("$BTC up, $ETH down, $BTC up again"), (Tags{"BTC", "ETH"}));
}

TEST(ExtractCashtags, AcceptsPunctuationAfterATag) {
  EXPECT_EQ(ExtractCashtags("Why $TRUMP, and why now?"), (Tags{"TRUMP"}));
  EXPECT_EQ(ExtractCashtags("($SOL) $BTC/USDT $DOGE!"), (Tags{"SOL", "BTC", "DOGE"}));
}

TEST(ExtractCashtags, IgnoresMoneyAmounts) {
  EXPECT_EQ(ExtractCashtags("a $2 billion fund and $100K targets"), Tags{});
  EXPECT_EQ(ExtractCashtags("costs US$5"), Tags{});
}

TEST(ExtractCashtags, IgnoresTagsGluedToWords) {
  EXPECT_EQ(ExtractCashtags("US$BTC abc$ETH $ETH_2 $$SOL caf\u00e9$BTC"), Tags{});
}

TEST(ExtractCashtags, TakesTagsWithoutRegardToCase) {
  EXPECT_EQ(ExtractCashtags("$btc $Eth $A"), (Tags{"BTC", "ETH", "A"}));
}

TEST(ExtractCashtags, RequiresOneToTenLettersOrDigits) {
  EXPECT_EQ(ExtractCashtags("$A $ABCDEFGHIJ $ABCDEFGHIJK $ $"), (Tags{"A", "ABCDEFGHIJ"}));
  EXPECT_EQ(ExtractCashtags("$PEPE2"), (Tags{"PEPE2"}));
}

// Without a registry a tag must start with a letter; a digit-first one counts only when the
// registry knows it.
TEST(ExtractCashtags, CountsDigitFirstTagsOnlyFromTheRegistry) {
  EXPECT_EQ(ExtractCashtags("$1INCH $100K"), Tags{});
  const SymbolLookup lookup = [](std::string_view s) -> std::optional<std::string> {
    if (s == "1INCH" || s == "BTC") return std::string(s);
    if (s == "XBT") return std::string("BTC");
    return std::nullopt;
  };
  EXPECT_EQ(ExtractCashtags("$1INCH $100K $5M $xbt $BTC $ETH", lookup), (Tags{"1INCH", "BTC"}));
}

// The bad input of issue 9, case by case: none of these is a tag.
struct NotATag {
  const char* label;
  const char* text;
};

class CashtagBadInput : public ::testing::TestWithParam<NotATag> {};

TEST_P(CashtagBadInput, IsNotATag) {
  EXPECT_EQ(ExtractCashtags(GetParam().text), Tags{}) << GetParam().label;
  const SymbolLookup registry = [](std::string_view s) -> std::optional<std::string> {
    if (s == "BTC" || s == "ETH") return std::string(s);
    return std::nullopt;
  };
  EXPECT_EQ(ExtractCashtags(GetParam().text, registry), Tags{}) << GetParam().label;
}

INSTANTIATE_TEST_SUITE_P(
    Issue9, CashtagBadInput,
    ::testing::Values(
        NotATag{"full-width dollar and letters", "\uff04\uff22\uff34\uff23"},
        NotATag{"full-width dollar, ASCII letters", "\uff04BTC"},
        NotATag{"ASCII dollar, full-width letters", "$\uff22\uff34\uff23"},
        NotATag{"Cyrillic Es at the end", "$BT\u0421"},
        NotATag{"Cyrillic letters only", "$\u0412\u0422\u0421"},
        NotATag{"Greek Beta first", "$\u0392TC"}, NotATag{"Greek letter after", "$BTC\u03b1"},
        NotATag{"Latin letter with accent after", "$BTC\u00e9"},
        NotATag{"eleven characters", "$ABCDEFGHIJK"},
        NotATag{"twenty characters", "$ABCDEFGHIJKLMNOPQRST"}, NotATag{"money", "$5"},
        NotATag{"money with cents", "$5.20"}, NotATag{"money in thousands", "$100K"},
        NotATag{"money in millions", "$5M"}, NotATag{"inside a URL", "https://x.com/$BTC"},
        NotATag{"inside a bare URL", "www.example.com/$ETH"},
        NotATag{"an e-mail address", "$btc@example.com"}, NotATag{"inside code", "`$BTC`"},
        NotATag{"inside a code block", "```\n$BTC\n```"}, NotATag{"glued to a word", "US$BTC"}));

TEST(ExtractCashtags, AcceptsCjkTextAfterATag) {
  EXPECT_EQ(ExtractCashtags("$BTC\u6da8\u4e86"), (Tags{"BTC"}));
  EXPECT_EQ(ExtractCashtags("\u4e70\u5165$eth\u3002"), (Tags{"ETH"}));
}

TEST(FindCashtags, GivesEachTagItsPlaceInTheText) {
  const auto spans = FindCashtags("buy $btc, \u4e70$ETH\u4e86");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].offset, 4u);
  EXPECT_EQ(spans[0].length, 4u);
  EXPECT_EQ(spans[0].candidate, "BTC");
  EXPECT_EQ(std::string("buy $btc, \u4e70$ETH\u4e86").substr(spans[1].offset, spans[1].length),
            "$ETH");
}

TEST(ExtractCashtags, FindsTagsInEmphasisAndLinkLabels) {
  EXPECT_EQ(ExtractCashtags("**$BTC** and [$ETH chart](https://example.com/$SOL)"),
            (Tags{"BTC", "ETH"}));
}

TEST(ExtractCashtags, SkipsCodeSpansAndCodeBlocks) {
  EXPECT_EQ(ExtractCashtags("run `echo $HOME` then $BTC\n\n```\nexport $PATH\n```\n\n    $TERM\n"),
            (Tags{"BTC"}));
}

TEST(ExtractCashtags, SkipsUrls) {
  EXPECT_EQ(ExtractCashtags("see https://x.com/search?q=$ETH and www.example.com/$SOL, $BTC"),
            (Tags{"BTC"}));
}

TEST(ExtractCashtags, KeepsAtMostTheLimit) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "$T" + std::to_string(100 + i) + " ";
  const Tags tags = ExtractCashtags(text);
  ASSERT_EQ(tags.size(), kMaxCashtags);
  EXPECT_EQ(tags.front(), "T100");
  EXPECT_EQ(tags.back(), "T" + std::to_string(100 + kMaxCashtags - 1));
}

}  // namespace
}  // namespace plaza::text
