#include "summarize/extractive.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "summarize/summarize_texts.hpp"
#include "text/text.hpp"

namespace plaza::summarize {
namespace {

using testing::kEnglishBody;
using testing::kEnglishTitle;

SummaryRequest Request(std::string_view body, int sentences = 0, std::string_view lang = "en",
                       std::string_view title = "") {
  SummaryRequest r;
  r.title = std::string(title);
  r.body = std::string(body);
  r.lang = std::string(lang);
  r.sentences = sentences;
  return r;
}

// The summary, failing the test when there is none.
SummaryOutput Summary(ExtractiveSummarizer& engine, const SummaryRequest& request) {
  auto result = engine.Summarize(request);
  EXPECT_TRUE(result.has_value()) << result.error().message;
  if (!result || !*result) {
    ADD_FAILURE() << "no summary";
    return {};
  }
  return **result;
}

std::size_t TotalCodePoints(const SummaryOutput& out) {
  std::size_t n = out.sentences.empty() ? 0 : out.sentences.size() - 1;  // joining spaces
  for (const auto& s : out.sentences) n += text::CountCodePoints(s);
  return n;
}

// Sentences that each share a word with the central one and little with each other; the
// central one, in the middle, repeats the topic words of all of them.
constexpr std::string_view kCentralSentence =
    "Bitcoin exchange fees rose sharply as wallet users and miners moved coins between "
    "platforms.";
std::string CentralityText() {
  return "Bitcoin prices in Asia touched a record during Monday morning trading.\n"
         "Exchange outages frustrated thousands of traders across Europe yesterday afternoon.\n"
         "Fees on the network doubled compared with the quiet summer months last year.\n"
         "Wallet software received an important security update from its developers.\n"
         "Miners in Texas switched off machines during the long heatwave this July.\n" +
         std::string(kCentralSentence) +
         "\n"
         "Users of the older phone application reported slow loading screens.\n"
         "Platforms listing new tokens must now publish audited reserve reports.\n"
         "Coins held by early investors have barely moved since the autumn.\n"
         "Several banks quietly opened custody desks for institutional clients.\n";
}

TEST(ExtractiveSummarizer, NameAndEngineAreExtractive) {
  ExtractiveSummarizer engine;
  EXPECT_EQ(engine.Name(), "extractive");
  const SummaryOutput out = Summary(engine, Request(kEnglishBody));
  EXPECT_EQ(out.engine, "extractive");
  EXPECT_EQ(out.lang, "en");
}

TEST(ExtractiveSummarizer, PicksTheCentralSentence) {
  ExtractiveSummarizer engine;
  const SummaryOutput out = Summary(engine, Request(CentralityText(), 1));
  ASSERT_EQ(out.sentences.size(), 1U);
  EXPECT_EQ(out.sentences[0], kCentralSentence);
}

TEST(ExtractiveSummarizer, MmrDropsANearDuplicate) {
  // The central sentence twice, nearly word for word: only one of them may be picked.
  const std::string near_duplicate =
      "Bitcoin exchange fees rose sharply as wallet users and miners moved their coins "
      "between platforms.";
  const std::string body = CentralityText() + near_duplicate + "\n";
  ExtractiveSummarizer engine;
  const SummaryOutput out = Summary(engine, Request(body, 2));
  ASSERT_EQ(out.sentences.size(), 2U);
  const bool first = out.sentences[0] == kCentralSentence || out.sentences[1] == kCentralSentence;
  const bool second = out.sentences[0] == near_duplicate || out.sentences[1] == near_duplicate;
  EXPECT_TRUE(first || second);
  EXPECT_FALSE(first && second);
}

TEST(ExtractiveSummarizer, SentencesComeInTextOrder) {
  ExtractiveSummarizer engine;
  const SummaryOutput out = Summary(engine, Request(kEnglishBody, 5, "en", kEnglishTitle));
  ASSERT_EQ(out.sentences.size(), 5U);
  std::size_t last = 0;
  for (const auto& s : out.sentences) {
    const std::size_t pos = kEnglishBody.find(s);
    ASSERT_NE(pos, std::string_view::npos) << s;
    EXPECT_GE(pos, last);
    last = pos + 1;
  }
}

TEST(ExtractiveSummarizer, DefaultSummaryIsTwoOrThreeSentencesWithin400Characters) {
  ExtractiveSummarizer engine;
  for (const auto& sample : testing::SampleTexts()) {
    SCOPED_TRACE(sample.lang);
    const SummaryOutput out = Summary(engine, Request(sample.body, 0, sample.lang, sample.title));
    EXPECT_GE(out.sentences.size(), 2U);
    EXPECT_LE(out.sentences.size(), 3U);
    EXPECT_LE(TotalCodePoints(out), static_cast<std::size_t>(kMaxSummaryChars));
    EXPECT_EQ(out.lang, sample.lang);
    for (const auto& s : out.sentences) {
      EXPECT_NE(sample.body.find(s), std::string_view::npos) << s;
    }
  }
}

TEST(ExtractiveSummarizer, TitleIsNotPartOfTheSummary) {
  ExtractiveSummarizer engine;
  const SummaryOutput out = Summary(engine, Request(kEnglishBody, 50, "en", kEnglishTitle));
  EXPECT_EQ(out.sentences.size(), 14U);
  for (const auto& s : out.sentences) EXPECT_NE(s, kEnglishTitle);
}

TEST(ExtractiveSummarizer, SentencesNGivesExactlyN) {
  ExtractiveSummarizer engine;
  for (int n : {1, 2, 3, 5, 14}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(Summary(engine, Request(kEnglishBody, n)).sentences.size(),
              static_cast<std::size_t>(n));
  }
}

TEST(ExtractiveSummarizer, SentencesNHasNoCharacterCap) {
  ExtractiveSummarizer engine;
  const SummaryOutput out = Summary(engine, Request(kEnglishBody, 6));
  EXPECT_GT(TotalCodePoints(out), static_cast<std::size_t>(kMaxSummaryChars));
}

TEST(ExtractiveSummarizer, SentencesNBeyondTheTextGivesEverySentence) {
  ExtractiveSummarizer engine;
  EXPECT_EQ(Summary(engine, Request(kEnglishBody, 50)).sentences.size(), 14U);
}

TEST(ExtractiveSummarizer, NegativeSentencesIsInvalid) {
  ExtractiveSummarizer engine;
  auto result = engine.Summarize(Request(kEnglishBody, -1));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
}

// `sentences` sentences of ten distinct words each, minus `drop` words from the last one.
std::string CountedText(int sentences, int drop) {
  static constexpr std::string_view kWords[] = {"river",  "market", "winter", "engine", "garden",
                                                "silver", "planet", "copper", "harbor", "forest"};
  std::string body;
  for (int s = 0; s < sentences; ++s) {
    const int words = s + 1 == sentences ? 10 - drop : 10;
    for (int w = 0; w < words; ++w) {
      if (w > 0) body += ' ';
      body += kWords[(s + w) % 10];
      body += std::to_string(s);
    }
    body += ".\n";
  }
  return body;
}

TEST(ExtractiveSummarizer, UnderEightyWordsGetsNoSummary) {
  ExtractiveSummarizer engine;
  auto below = engine.Summarize(Request(CountedText(8, 1)));
  ASSERT_TRUE(below.has_value());
  EXPECT_FALSE(below->has_value());
  auto at = engine.Summarize(Request(CountedText(8, 0)));
  ASSERT_TRUE(at.has_value());
  EXPECT_TRUE(at->has_value());
}

TEST(ExtractiveSummarizer, ChineseWordsAreCountedWithTheDictionary) {
  // About 60 characters, under 80 dictionary words: no summary; the sample text (about 230
  // characters) has one.
  ExtractiveSummarizer engine;
  auto short_text = engine.Summarize(
      Request("市议会星期二投票通过了修建四十公里受保护自行车道的计划。该计划将把中央火车站与大学、"
              "医院和三个大型居民区连接起来。",
              0, "zh-Hans"));
  ASSERT_TRUE(short_text.has_value());
  EXPECT_FALSE(short_text->has_value());
}

TEST(ExtractiveSummarizer, CutsTheBestSentenceAtAWordWhenNoneFits) {
  std::string body;
  for (int s = 0; s < 3; ++s) {
    for (int w = 0; w < 90; ++w) {
      body += (w == 0 ? "Sentence" : " token") + std::to_string(s * 100 + w);
    }
    body += ".\n";
  }
  ExtractiveSummarizer engine;
  const SummaryOutput out = Summary(engine, Request(body));
  ASSERT_EQ(out.sentences.size(), 1U);
  const std::string& cut = out.sentences[0];
  EXPECT_LE(text::CountCodePoints(cut), static_cast<std::size_t>(kMaxSummaryChars));
  ASSERT_TRUE(cut.ends_with("\u2026"));
  const std::string prefix = cut.substr(0, cut.size() - std::string_view("\u2026").size());
  const std::size_t pos = body.find(prefix);
  ASSERT_NE(pos, std::string::npos);
  EXPECT_EQ(body[pos + prefix.size()], ' ');  // cut between words
  EXPECT_GT(text::CountCodePoints(cut), 300U);
}

TEST(ExtractiveSummarizer, EveryLanguageGetsASummary) {
  ExtractiveSummarizer engine;
  for (const auto& sample : testing::SampleTexts()) {
    SCOPED_TRACE(sample.lang);
    const SummaryOutput out = Summary(engine, Request(sample.body, 3, sample.lang, sample.title));
    EXPECT_EQ(out.sentences.size(), 3U);
  }
}

TEST(ExtractiveSummarizer, UnknownLanguageUsesTheNeutralMode) {
  ExtractiveSummarizer engine;
  const SummaryOutput de = Summary(engine, Request(kEnglishBody, 0, "de"));
  EXPECT_EQ(de.lang, "de");
  EXPECT_GE(de.sentences.size(), 2U);
  const SummaryOutput none = Summary(engine, Request(kEnglishBody, 0, ""));
  EXPECT_EQ(none.lang, "und");
}

}  // namespace
}  // namespace plaza::summarize
