#include <gtest/gtest.h>

#include <string>
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
  EXPECT_EQ(ExtractCashtags("US$BTC abc$ETH $BTCs $ETH_2 $$SOL"), Tags{});
}

TEST(ExtractCashtags, RequiresTwoToTenUpperCaseCharacters) {
  EXPECT_EQ(ExtractCashtags("$A $AB $ABCDEFGHIJ $ABCDEFGHIJK"), (Tags{"AB", "ABCDEFGHIJ"}));
  EXPECT_EQ(ExtractCashtags("$btc $Btc"), Tags{});
  EXPECT_EQ(ExtractCashtags("$PEPE2 $1INCH"), (Tags{"PEPE2"}));
}

TEST(ExtractCashtags, FindsTagsBetweenCjkCharacters) {
  EXPECT_EQ(ExtractCashtags("今天买入$BTC和$ETH了"), (Tags{"BTC", "ETH"}));
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
