#include "i18n/message_shape.hpp"

#include <gtest/gtest.h>

namespace plaza {
namespace {

constexpr std::string_view kNames[] = {"Plaza"};

MessageShape Shape(std::string_view pattern) {
  auto shape = DescribeMessage(pattern);
  EXPECT_TRUE(shape.has_value()) << pattern;
  return shape ? std::move(*shape) : MessageShape{};
}

using Args = std::set<std::pair<std::string, MessageArgKind>>;

TEST(MessageShape, ListsSimpleAndNestedArguments) {
  MessageShape s = Shape(
      "{who} wrote {count, plural, one {# post about {topic}} other {# posts}} "
      "{when, date} {kind, select, a {A} other {B {extra}}}");
  EXPECT_EQ(s.arguments, (Args{{"who", MessageArgKind::kSimple},
                               {"count", MessageArgKind::kPlural},
                               {"topic", MessageArgKind::kSimple},
                               {"when", MessageArgKind::kSimple},
                               {"kind", MessageArgKind::kSelect},
                               {"extra", MessageArgKind::kSimple}}));
}

TEST(MessageShape, TellsAPluralFromASimpleNumber) {
  EXPECT_EQ(Shape("{count, number, integer}").arguments,
            (Args{{"count", MessageArgKind::kSimple}}));
  EXPECT_EQ(Shape("{count, selectordinal, one {#st} other {#th}}").arguments,
            (Args{{"count", MessageArgKind::kSelectOrdinal}}));
}

TEST(MessageShape, ReadsEachPluralsKeywordsAndExplicitValues) {
  MessageShape s =
      Shape("{n, plural, =0 {none} one {# a {m, plural, few {x} other {y}}} many {b} other {c}}");
  ASSERT_EQ(s.plurals.size(), 2u);
  EXPECT_EQ(s.plurals[0].argument, "n");
  EXPECT_EQ(s.plurals[0].keywords, (std::set<std::string>{"one", "many", "other"}));
  EXPECT_EQ(s.plurals[0].explicit_values, (std::set<std::string>{"=0"}));
  EXPECT_EQ(s.plurals[1].argument, "m");
  EXPECT_EQ(s.plurals[1].keywords, (std::set<std::string>{"few", "other"}));
}

TEST(MessageShape, TextKeepsSubMessagesAndDropsArgumentSyntax) {
  EXPECT_EQ(Shape("{count, plural, one {# comment} other {# comments}} by {who}").text,
            " comment comments by ");
  EXPECT_EQ(Shape("Voir l'original").text, "Voir l'original");
  EXPECT_EQ(Shape("a '{'literal'}' b").text, "a {literal} b");
  EXPECT_EQ(Shape("{count, number, integer}").text, "");
}

TEST(MessageShape, RefusesABrokenPattern) {
  EXPECT_FALSE(DescribeMessage("{count, plural, one {x}").has_value());
}

TEST(MessageShape, NeutralMessagesHaveOnlyNamesAbbreviationsNumbersAndSymbols) {
  auto neutral = [](std::string_view p) { return IsLanguageNeutral(Shape(p), kNames); };
  EXPECT_TRUE(neutral("{count}/{max}"));
  EXPECT_TRUE(neutral("{count, number, integer}"));
  EXPECT_TRUE(neutral("{datetime} UTC"));
  EXPECT_TRUE(neutral("{name} (@{handle})"));
  EXPECT_TRUE(neutral("Plaza · $BTC 24 %"));
  EXPECT_TRUE(neutral(""));
  EXPECT_FALSE(neutral("{site} home"));
  EXPECT_FALSE(neutral("Home"));
  EXPECT_FALSE(neutral("Powered by Plaza"));
  EXPECT_FALSE(neutral("24h"));  // "h" is a word
  EXPECT_FALSE(neutral("A"));    // one capital letter is a word, not an abbreviation
  EXPECT_FALSE(neutral("{count, plural, one {# post} other {# posts}}"));
  EXPECT_FALSE(neutral("摘要"));  // letters without case are words
}

TEST(MessageShape, PluralKeywordsComeFromTheLocalesRules) {
  using K = std::set<std::string>;
  EXPECT_EQ(PluralKeywords("en"), (K{"one", "other"}));
  EXPECT_EQ(PluralKeywords("ja"), (K{"other"}));
  EXPECT_EQ(PluralKeywords("zh-CN"), (K{"other"}));
  EXPECT_EQ(PluralKeywords("ru"), (K{"one", "few", "many", "other"}));
  EXPECT_EQ(PluralKeywords("uk"), (K{"one", "few", "many", "other"}));
  EXPECT_EQ(PluralKeywords("ar"), (K{"zero", "one", "two", "few", "many", "other"}));
  EXPECT_TRUE(PluralKeywords("en", /*ordinal=*/true).contains("few"));  // 3rd
}

}  // namespace
}  // namespace plaza
