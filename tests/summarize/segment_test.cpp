#include "summarize/segment.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/locales.hpp"
#include "summarize/stopwords.hpp"

namespace plaza::summarize {
namespace {

// The profile of `lang`, created once per test.
const LanguageProfile& Profile(LanguageProfiles& profiles, std::string_view lang) {
  auto profile = profiles.Get(lang);
  EXPECT_TRUE(profile.has_value());
  return **profile;
}

std::vector<std::string> Sentences(std::string_view lang, std::string_view text) {
  LanguageProfiles profiles;
  std::vector<std::string> out;
  for (const Span& s : Profile(profiles, lang).SplitSentences(text, 1000)) {
    out.emplace_back(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

std::vector<std::string> Words(std::string_view lang, std::string_view text) {
  LanguageProfiles profiles;
  std::vector<std::string> out;
  for (const Span& w : Profile(profiles, lang).Words(text, text.size())) {
    out.emplace_back(text.substr(w.begin, w.end - w.begin));
  }
  return out;
}

// Term() of `word`, or "-" for a stopword.
std::string TermOf(std::string_view lang, std::string_view word) {
  LanguageProfiles profiles;
  std::string term;
  return Profile(profiles, lang).Term(word, term) ? term : std::string("-");
}

TEST(SummarizeSegment, EnglishTitlesAndInitialsDoNotEndSentences) {
  EXPECT_EQ(Sentences("en",
                      "Mr. Smith flew to the U.S. Senate hearing on Monday. He spoke "
                      "for an hour."),
            (std::vector<std::string>{"Mr. Smith flew to the U.S. Senate hearing on Monday.",
                                      "He spoke for an hour."}));
}

TEST(SummarizeSegment, EnglishSentenceEndsAtQuestionAndExclamationMarks) {
  EXPECT_EQ(Sentences("en", "Is it over? Not yet! Prices rose 2.5% to $11.1bn."),
            (std::vector<std::string>{"Is it over?", "Not yet!", "Prices rose 2.5% to $11.1bn."}));
}

TEST(SummarizeSegment, ChineseSplitsAtIdeographicFullStops) {
  EXPECT_EQ(Sentences("zh-Hans", "比特币价格今天上涨了。投资者非常乐观！你觉得呢？"),
            (std::vector<std::string>{"比特币价格今天上涨了。", "投资者非常乐观！", "你觉得呢？"}));
}

TEST(SummarizeSegment, JapaneseSplitsAtKutenAndQuestionMarks) {
  EXPECT_EQ(Sentences("ja", "今日はビットコインが上がりました。明日はどうなるでしょうか？"),
            (std::vector<std::string>{"今日はビットコインが上がりました。",
                                      "明日はどうなるでしょうか？"}));
}

TEST(SummarizeSegment, ArabicSplitsAtArabicQuestionMark) {
  EXPECT_EQ(Sentences("ar", "هل ارتفع سعر البيتكوين اليوم؟ نعم، ارتفع بنسبة خمسة في المئة."),
            (std::vector<std::string>{"هل ارتفع سعر البيتكوين اليوم؟",
                                      "نعم، ارتفع بنسبة خمسة في المئة."}));
}

TEST(SummarizeSegment, NewlinesEndHeadingsAndListItems) {
  EXPECT_EQ(
      Sentences("en", "Market update\n\n- Bitcoin up\n- Ether down\nMore soon"),
      (std::vector<std::string>{"Market update", "- Bitcoin up", "- Ether down", "More soon"}));
}

TEST(SummarizeSegment, NoSentenceBreakInsideUrl) {
  EXPECT_EQ(Sentences("en", "Read https://example.com/a?b=c. Then decide."),
            (std::vector<std::string>{"Read https://example.com/a?b=c.", "Then decide."}));
}

TEST(SummarizeSegment, SentencesAreTrimmedAndEmptyOnesDropped) {
  EXPECT_EQ(Sentences("en", "  \n\u3000First one.  \n \n  Second one. \u00a0"),
            (std::vector<std::string>{"First one.", "Second one."}));
}

TEST(SummarizeSegment, SplitStopsAtMaxSentences) {
  LanguageProfiles profiles;
  EXPECT_EQ(Profile(profiles, "en").SplitSentences("One. Two. Three. Four.", 2).size(), 2U);
}

TEST(SummarizeSegment, ChineseWordsComeFromTheDictionary) {
  const auto words = Words("zh-Hans", "比特币价格今天上涨了。");
  EXPECT_GE(words.size(), 4U);
  EXPECT_NE(std::find(words.begin(), words.end(), "价格"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "今天"), words.end());
}

TEST(SummarizeSegment, JapaneseWordsComeFromTheDictionary) {
  const auto words = Words("ja", "今日はビットコインが上がりました。");
  EXPECT_GE(words.size(), 4U);
  EXPECT_NE(std::find(words.begin(), words.end(), "今日"), words.end());
}

TEST(SummarizeSegment, WordsSkipPunctuationEmojiAndUrls) {
  EXPECT_EQ(Words("en", "Wow 🎉🎉, see https://example.com/x?y=1 (now) in 2025!"),
            (std::vector<std::string>{"Wow", "see", "now", "in", "2025"}));
}

TEST(SummarizeSegment, TermLowerCasesAndFoldsEnglishPlurals) {
  EXPECT_EQ(TermOf("en", "Markets"), "market");
  EXPECT_EQ(TermOf("en", "Companies"), "company");
  EXPECT_EQ(TermOf("en", "TimeWarner's"), "timewarner");
  EXPECT_EQ(TermOf("en", "2025"), "2025");
}

TEST(SummarizeSegment, TermDropsStopwords) {
  EXPECT_EQ(TermOf("en", "The"), "-");
  EXPECT_EQ(TermOf("en", "said"), "-");
  EXPECT_EQ(TermOf("fr", "les"), "-");
  EXPECT_EQ(TermOf("zh-Hans", "的"), "-");
  EXPECT_EQ(TermOf("ja", "は"), "-");
  EXPECT_EQ(TermOf("ru", "который"), "-");
}

TEST(SummarizeSegment, TermRemovesFrenchElisions) {
  EXPECT_EQ(TermOf("fr", "l'économie"), "économie");
  EXPECT_EQ(TermOf("fr", "d\u2019Europe"), "europe");
  EXPECT_EQ(TermOf("fr", "qu'il"), "-");
}

TEST(SummarizeSegment, TermLowerCasesCyrillicAndKeepsAPrefix) {
  EXPECT_EQ(TermOf("ru", "Биткоина"), TermOf("ru", "биткоином"));
  EXPECT_EQ(TermOf("uk", "Велодоріжки"), TermOf("uk", "велодоріжок"));
}

TEST(SummarizeSegment, TermFoldsArabicLetterVariantsAndArticle) {
  EXPECT_EQ(TermOf("ar", "الأسواق"), TermOf("ar", "اسواق"));
  EXPECT_EQ(TermOf("ar", "مَدْرَسَة"), TermOf("ar", "مدرسه"));
}

TEST(SummarizeSegment, EveryLanguageHasItsStopwordList) {
  ASSERT_EQ(ContentLanguages().size(), 12U);
  for (const ContentLanguage& language : ContentLanguages()) {
    SCOPED_TRACE(language.code);
    EXPECT_GE(StopwordsFor(language.code).size(), 50U);
  }
  EXPECT_TRUE(StopwordsFor("und").empty());
  EXPECT_TRUE(StopwordsFor("de").empty());
}

TEST(SummarizeSegment, EveryListedStopwordIsDropped) {
  LanguageProfiles profiles;
  for (const ContentLanguage& language : ContentLanguages()) {
    const std::string_view lang = language.code;
    const LanguageProfile& profile = Profile(profiles, lang);
    std::string term;
    for (std::string_view word : StopwordsFor(lang)) {
      EXPECT_FALSE(profile.Term(word, term)) << lang << " " << word << " -> " << term;
    }
  }
}

TEST(SummarizeStopwords, EveryFileBelongsToALanguageAndEveryLanguageHasItsFile) {
  std::set<std::string_view> named;
  for (const ContentLanguage& language : ContentLanguages()) {
    if (!language.stopwords.empty()) named.insert(language.stopwords);
  }
  const std::vector<std::string_view> files = StopwordFileNames();
  EXPECT_EQ(std::set<std::string_view>(files.begin(), files.end()), named);
  EXPECT_EQ(files.size(), 11U);  // zh-Hans and zh-Hant share zh.txt
}

TEST(SummarizeStopwords, SimplifiedAndTraditionalChineseShareOneList) {
  EXPECT_EQ(StopwordsFor("zh-Hans").data(), StopwordsFor("zh-Hant").data());
  EXPECT_EQ(FindContentLanguage("zh-Hant")->stopwords, "zh");
}

TEST(SummarizeStopwords, ParsesOneWordALineSkippingCommentsAndBlanks) {
  auto words = ParseStopwords("# a comment\n\nthe\n  of\t\r\n#not a word\nsaid", "t.txt");
  ASSERT_TRUE(words) << words.error().message;
  EXPECT_EQ(*words, (std::vector<std::string_view>{"the", "of", "said"}));
  auto empty = ParseStopwords("", "t.txt");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(SummarizeStopwords, RejectsTwoWordsOnALineNamingFileAndLine) {
  auto words = ParseStopwords("the\n# x\nof the\n", "stopwords/en.txt");
  ASSERT_FALSE(words);
  EXPECT_EQ(words.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(words.error().message, "stopwords/en.txt:3: one word a line, found \"of the\"");
}

TEST(SummarizeStopwords, RejectsInvalidUtf8) {
  auto words = ParseStopwords("the\n\xff\xfe\n", "stopwords/xx.txt");
  ASSERT_FALSE(words);
  EXPECT_EQ(words.error().message, "stopwords/xx.txt: not valid UTF-8");
}

TEST(SummarizeSegment, UnknownCodesShareTheNeutralProfile) {
  LanguageProfiles profiles;
  auto de = profiles.Get("de");
  auto und = profiles.Get("und");
  ASSERT_TRUE(de.has_value());
  ASSERT_TRUE(und.has_value());
  EXPECT_EQ(*de, *und);
  EXPECT_EQ((*de)->lang(), "und");
  EXPECT_EQ((*profiles.Get("ja"))->lang(), "ja");
}

}  // namespace
}  // namespace plaza::summarize
