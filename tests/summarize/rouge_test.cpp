// The evaluation's ROUGE code (bench/summarize/rouge.cpp): the numbers in bench/README.md rest
// on it.

#include "summarize/rouge.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace plaza::bench {
namespace {

TokenizedSummary Summary(const std::vector<std::string>& sentences) { return Tokenize(sentences); }

TEST(Rouge, TokensAreLowerCasedAlphanumericRuns) {
  EXPECT_EQ(RougeTokens("TimeWarner's profit: $1.13bn (up 76%)!"),
            (std::vector<std::string>{"timewarner", "s", "profit", "1", "13bn", "up", "76"}));
}

TEST(Rouge, ReferenceSentencesJoinedWithoutSpacesAreSplit) {
  EXPECT_EQ(SplitReferenceSentences("Sales rose 2% to $11.1bn.For the year, profit rose.\"We "
                                    "did well,\" he said.It is so."),
            (std::vector<std::string>{"Sales rose 2% to $11.1bn.", "For the year, profit rose.",
                                      "\"We did well,\" he said.", "It is so."}));
}

TEST(Rouge, IdenticalSummariesScoreOne) {
  const auto s = Summary({"the cat sat on the mat", "it was warm"});
  EXPECT_DOUBLE_EQ(RougeN(s, s, 1).f1, 1.0);
  EXPECT_DOUBLE_EQ(RougeN(s, s, 2).f1, 1.0);
  EXPECT_DOUBLE_EQ(RougeL(s, s).f1, 1.0);
}

TEST(Rouge, DisjointSummariesScoreZero) {
  const auto a = Summary({"alpha beta gamma"});
  const auto b = Summary({"delta epsilon zeta"});
  EXPECT_DOUBLE_EQ(RougeN(a, b, 1).f1, 0.0);
  EXPECT_DOUBLE_EQ(RougeN(a, b, 2).f1, 0.0);
  EXPECT_DOUBLE_EQ(RougeL(a, b).f1, 0.0);
}

TEST(Rouge, NGramOverlapIsClippedByCounts) {
  // candidate "the the the cat" vs reference "the cat": unigram overlap min(3,1)+min(1,1) = 2.
  const auto cand = Summary({"the the the cat"});
  const auto ref = Summary({"the cat"});
  const RougeScore r1 = RougeN(cand, ref, 1);
  EXPECT_DOUBLE_EQ(r1.precision, 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(r1.recall, 1.0);
  const RougeScore r2 = RougeN(cand, ref, 2);  // bigrams: the-the ×2, the-cat vs the-cat
  EXPECT_DOUBLE_EQ(r2.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(r2.recall, 1.0);
}

TEST(Rouge, SummaryLevelLcsTakesTheUnionOverCandidateSentences) {
  // Lin (2004), §3.2: reference "w1 w2 w3 w4 w5", candidates "w1 w2 w6 w7 w8" and
  // "w1 w3 w8 w9 w5": union LCS = w1 w2 w3 w5, 4 of 5 reference tokens and 4 of 10 candidate ones.
  const auto ref = Summary({"w1 w2 w3 w4 w5"});
  const auto cand = Summary({"w1 w2 w6 w7 w8", "w1 w3 w8 w9 w5"});
  const RougeScore l = RougeL(cand, ref);
  EXPECT_DOUBLE_EQ(l.recall, 4.0 / 5.0);
  EXPECT_DOUBLE_EQ(l.precision, 4.0 / 10.0);
}

}  // namespace
}  // namespace plaza::bench
