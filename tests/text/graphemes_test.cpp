#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "text/text.hpp"

namespace plaza::text {
namespace {

TEST(CountGraphemes, CountsAsciiCharacters) {
  EXPECT_EQ(CountGraphemes(""), 0u);
  EXPECT_EQ(CountGraphemes("a"), 1u);
  EXPECT_EQ(CountGraphemes("Hello, world"), 12u);
}

TEST(CountGraphemes, CountsCrLfAsOne) {
  EXPECT_EQ(CountGraphemes("a\r\nb"), 3u);
  EXPECT_EQ(CountGraphemes("\r\r\n\n"), 3u);
  EXPECT_EQ(CountGraphemes("\xC3\xA9\r\n"), 2u);  // the ICU path agrees with the ASCII one
}

TEST(CountGraphemes, CountsAnEmojiZwjSequenceAsOne) {
  // 👨‍👩‍👧‍👦: four people joined by three ZERO WIDTH JOINERs, 25 bytes, 7 code
  // points.
  const std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xE2\x80\x8D"
      "\xF0\x9F\x91\xA6";
  EXPECT_EQ(CountCodePoints(family), 7u);
  EXPECT_EQ(CountGraphemes(family), 1u);
  EXPECT_EQ(CountGraphemes(family + family + "!"), 3u);
}

TEST(CountGraphemes, CountsAnEmojiWithSkinToneAsOne) {
  EXPECT_EQ(CountGraphemes("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), 1u);  // 👍🏽
}

TEST(CountGraphemes, CountsEachFlagAsOne) {
  // 🇫🇷🇯🇵: four regional indicators pair into two flags.
  EXPECT_EQ(CountGraphemes("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5"), 2u);
}

TEST(CountGraphemes, CountsABaseWithCombiningMarksAsOne) {
  EXPECT_EQ(CountGraphemes("e\xCC\x81"), 1u);                             // e + U+0301
  EXPECT_EQ(CountGraphemes("a\xCC\x8A\xCC\x81x"), 2u);                    // a + two marks, then x
  EXPECT_EQ(CountGraphemes("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), 1u);  // 각 as jamo
}

TEST(CountGraphemes, CountsCjkCharactersOneEach) {
  EXPECT_EQ(CountGraphemes("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97"), 3u);  // 中文字
  EXPECT_EQ(CountGraphemes("\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF"),
            5u);  // こんにちは
}

TEST(CountGraphemes, GivesTheSameCountsOnManyThreadsAtOnce) {
  const std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
  std::string text;
  for (int i = 0; i < 50; ++i) text += family + "e\xCC\x81 ";
  const std::size_t expected = CountGraphemes(text);
  ASSERT_EQ(expected, 150u);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (CountGraphemes(text) != expected) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace plaza::text
