// The evaluation's chrF (bench/translate/chrf.cpp) against scores sacreBLEU prints for the same
// sentences (the examples of the Hugging Face chrF metric card, computed with sacreBLEU's CHRF).

#include "translate/chrf.hpp"

#include <gtest/gtest.h>

namespace plaza::bench {
namespace {

TEST(Chrf, MatchesSacrebleuOnOneSentence) {
  EXPECT_NEAR(CorpusChrf({"The relationship between Obama and Netanyahu is not exactly friendly."},
                         {"The ties between Obama and Netanyahu are not particularly friendly."}),
              61.576379378113785, 1e-9);
}

TEST(Chrf, MatchesSacrebleuOnACorpus) {
  EXPECT_NEAR(CorpusChrf({"The relationship between cats and dogs is not exactly friendly.",
                          "a good bookshop is just a genteel black hole that knows how to read."},
                         {"The relationship between dogs and cats is not exactly friendly.",
                          "A good bookshop is just a genteel Black Hole that knows how to read."}),
              84.64214891738334, 1e-9);
}

TEST(Chrf, IdenticalIsHundredDisjointIsZeroAndSpacesDoNotCount) {
  EXPECT_NEAR(CorpusChrf({"日本語 の 文"}, {"日本語の文"}), 100.0, 1e-9);
  EXPECT_NEAR(CorpusChrf({"abc"}, {"xyz"}), 0.0, 1e-9);
  EXPECT_EQ(CorpusChrf({""}, {""}), 0.0);
}

}  // namespace
}  // namespace plaza::bench
