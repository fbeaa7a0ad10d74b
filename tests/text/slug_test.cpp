#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "text/text.hpp"

namespace plaza::text {
namespace {

TEST(Slugify, LowerCasesAndJoinsWordsWithDashes) {
  EXPECT_EQ(Slugify("Bitcoin Breaks $100K: What Now?"), "bitcoin-breaks-100k-what-now");
  EXPECT_EQ(Slugify("  --Hello,   World!--  "), "hello-world");
}

TEST(Slugify, DropsAccentsFromLatin) {
  EXPECT_EQ(Slugify("Ça coûte très cher à Zürich"), "ca-coute-tres-cher-a-zurich");
  EXPECT_EQ(Slugify("Straße"), "strasse");
}

TEST(Slugify, JoinsApostrophes) { EXPECT_EQ(Slugify("Don't panic"), "dont-panic"); }

TEST(Slugify, TransliteratesCyrillic) {
  EXPECT_EQ(Slugify("Привет мир"), "privet-mir");
  EXPECT_EQ(Slugify("Біткоїн зростає"), "bitkoin-zrostae");
}

TEST(Slugify, TransliteratesChinese) { EXPECT_EQ(Slugify("比特币"), "bi-te-bi"); }

TEST(Slugify, TransliteratesArabic) {
  const std::string slug = Slugify("مرحبا بالعالم");
  EXPECT_FALSE(slug.empty());
  EXPECT_EQ(slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos)
      << slug;
  EXPECT_NE(slug.find('-'), std::string::npos) << slug;  // two words stay two words
}

TEST(Slugify, GivesEmptyForEmojiOnly) {
  EXPECT_EQ(Slugify("🚀🚀🚀 🌕"), "");
  EXPECT_EQ(Slugify(""), "");
  EXPECT_EQ(Slugify("!!!"), "");
}

TEST(Slugify, CutsAtAWordBoundary) {
  EXPECT_EQ(Slugify("alpha beta gamma", 12), "alpha-beta");
  EXPECT_EQ(Slugify("alpha beta gamma", 10), "alpha-beta");
  EXPECT_EQ(Slugify("alpha beta gamma", 16), "alpha-beta-gamma");
}

TEST(Slugify, CutsASingleLongWordHard) { EXPECT_EQ(Slugify("supercalifragilistic", 5), "super"); }

TEST(Slugify, NeverExceedsTheDefaultLength) {
  std::string title;
  for (int i = 0; i < 100; ++i) title += "word ";
  const std::string slug = Slugify(title);
  EXPECT_LE(slug.size(), 80u);
  EXPECT_GE(slug.size(), 75u);
  EXPECT_NE(slug.back(), '-');
}

TEST(Slugify, TreatsInvalidUtf8AsASeparator) {
  EXPECT_EQ(Slugify("ab\xFF"
                    "cd"),
            "ab-cd");
}

TEST(Slugify, GivesTheSameSlugsOnManyThreadsAtOnce) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (Slugify("Привет мир") != "privet-mir") ++wrong;
        if (Slugify("Ça coûte") != "ca-coute") ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace plaza::text
