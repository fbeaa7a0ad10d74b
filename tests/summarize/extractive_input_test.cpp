// The extractive engine on input a stranger could send, and under concurrent use.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "summarize/extractive.hpp"
#include "summarize/summarize_texts.hpp"
#include "text/text.hpp"

namespace plaza::summarize {
namespace {

using testing::kEnglishBody;

Result<std::optional<SummaryOutput>> SummarizeBody(std::string body, std::string_view lang = "en",
                                                   int sentences = 0) {
  ExtractiveSummarizer engine;
  SummaryRequest request;
  request.body = std::move(body);
  request.lang = std::string(lang);
  request.sentences = sentences;
  return engine.Summarize(request);
}

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// A summary that is present, valid UTF-8, without control characters, within the budget.
void ExpectSaneSummary(const Result<std::optional<SummaryOutput>>& result) {
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_TRUE(result->has_value());
  std::size_t code_points = 0;
  for (const auto& s : (*result)->sentences) {
    EXPECT_TRUE(text::IsValidUtf8(s));
    for (char c : s) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << s;
    code_points += text::CountCodePoints(s) + 1;
  }
  EXPECT_GE((*result)->sentences.size(), 1U);
  EXPECT_LE((*result)->sentences.size(), 3U);
  EXPECT_LE(code_points - 1, static_cast<std::size_t>(kMaxSummaryChars));
}

void ExpectNoSummary(const Result<std::optional<SummaryOutput>>& result) {
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_FALSE(result->has_value());
}

TEST(ExtractiveSummarizerInput, EmptyBodyGetsNoSummary) {
  ExpectNoSummary(SummarizeBody(""));
  ExpectNoSummary(SummarizeBody(" \n\n\t \n"));
}

TEST(ExtractiveSummarizerInput, OneLongSentenceGetsNoSummary) {
  ExpectNoSummary(SummarizeBody(Repeat("the price of the token kept rising all week ", 12) + "."));
}

TEST(ExtractiveSummarizerInput, OnlyUrlsGetNoSummary) {
  ExpectNoSummary(
      SummarizeBody(Repeat("https://example.com/markets/bitcoin?ref=home&lang=en\n", 60)));
  ExpectNoSummary(SummarizeBody(Repeat("See www.example.org/a/b/c and https://x.example/p. ", 60)));
}

TEST(ExtractiveSummarizerInput, OnlyEmojiGetNoSummary) {
  ExpectNoSummary(SummarizeBody(Repeat("🚀🚀🔥 🎉! 👍🏽\n", 100)));
}

TEST(ExtractiveSummarizerInput, OnlyCodeDoesNotFail) {
  const std::string code = Repeat(
      "for (int i = 0; i < count; ++i) { total += values[i] * weights[i]; }\n"
      "if (total > limit) { return std::nullopt; }\n"
      "auto result = std::make_unique<Summary>(total, limit);\n",
      20);
  auto result = SummarizeBody(code);
  ASSERT_TRUE(result.has_value());
  if (result->has_value()) ExpectSaneSummary(result);
}

TEST(ExtractiveSummarizerInput, FiftyThousandCharactersStayWithinTheBudget) {
  std::string body;
  while (body.size() < 50'000) body += kEnglishBody;
  body.resize(50'000);
  ExpectSaneSummary(SummarizeBody(body));
}

TEST(ExtractiveSummarizerInput, OversizedBodyIsReadOnlyUpToTheCap) {
  // Four megabytes of prose, and a million short lines: both bounded by the sentence cap.
  std::string body;
  while (body.size() < (std::size_t{4} << 20)) body += kEnglishBody;
  ExpectSaneSummary(SummarizeBody(body));
  ExpectSaneSummary(
      SummarizeBody(Repeat("Prices rose again today in every large market.\n", 1'000'000)));
}

TEST(ExtractiveSummarizerInput, MixedLanguagesGetASummary) {
  std::string body(kEnglishBody);
  body += "比特币价格今天上涨了百分之五。投资者非常乐观！\n";
  body += "Городской совет проголосовал за строительство велодорожек.\n";
  body += "هل ارتفع سعر البيتكوين اليوم؟\n";
  ExpectSaneSummary(SummarizeBody(body, "en"));
  ExpectSaneSummary(SummarizeBody(body, "und"));
}

TEST(ExtractiveSummarizerInput, NulAndControlBytesNeverReachTheSummary) {
  std::string body(kEnglishBody);
  for (std::size_t i = 0; i < body.size(); i += 37) body[i] = '\0';
  body.insert(10, "\x01\x02\x1b[31m\x7f");
  ExpectSaneSummary(SummarizeBody(body));
}

TEST(ExtractiveSummarizerInput, InvalidUtf8IsRepaired) {
  std::string body(kEnglishBody);
  for (std::size_t i = 5; i < body.size(); i += 41) body.insert(i, "\xff\xc3\xe2\x82");
  body += "\xf0\x9f";  // a truncated sequence at the very end
  ExpectSaneSummary(SummarizeBody(body));
}

TEST(ExtractiveSummarizerInput, CleanTextRepairsAndBounds) {
  EXPECT_EQ(CleanText(std::string_view("a\r\nb\rc\0d\te", 10), 100), "a\nb\nc d e");
  EXPECT_EQ(CleanText("ab\xff", 100), "ab\xef\xbf\xbd");
  EXPECT_EQ(CleanText("a\xc3\xa9", 2), "a");  // never cuts a code point in two
}

TEST(ExtractiveSummarizerInput, ManyThreadsShareOneEngine) {
  ExtractiveSummarizer engine;
  const auto& samples = testing::SampleTexts();
  // What each text gives when summarized alone.
  std::vector<std::vector<std::string>> expected;
  for (const auto& sample : samples) {
    SummaryRequest request{std::string(sample.title), std::string(sample.body),
                           std::string(sample.lang), 0};
    expected.push_back(engine.Summarize(request).value().value().sentences);
  }
  ExtractiveSummarizer shared;  // fresh: the threads also race to build the profiles
  constexpr int kThreads = 6;
  constexpr int kRounds = 10;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        for (std::size_t i = 0; i < samples.size(); ++i) {
          const auto& sample = samples[(i + static_cast<std::size_t>(t)) % samples.size()];
          SummaryRequest request{std::string(sample.title), std::string(sample.body),
                                 std::string(sample.lang), 0};
          auto result = shared.Summarize(request);
          const std::size_t k = (i + static_cast<std::size_t>(t)) % samples.size();
          if (!result || !*result || (*result)->sentences != expected[k]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace plaza::summarize
