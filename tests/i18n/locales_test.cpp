#include "i18n/locales.hpp"

#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

namespace plaza {
namespace {

TEST(Locales, ListsThirteenInTheReferenceOrderWithTheirOwnNames) {
  const auto& l = Locales();
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"zh-CN", "简体中文"},
      {"en", "English"},
      {"vi", "Tiếng Việt"},
      {"zh-TW", "繁體中文"},
      {"es", "Español"},
      {"ru", "Русский"},
      {"fr", "Français (Afrique)"},
      {"pt-PT", "Português (Portugal)"},
      {"id", "Bahasa Indonesia"},
      {"ja", "日本語"},
      {"ar", "بالعربية"},
      {"uk", "Українська"},
      {"pt-BR", "Português (Brasil)"},
  };
  ASSERT_EQ(l.size(), 13u);
  for (std::size_t i = 0; i < l.size(); ++i) {
    EXPECT_EQ(l[i].tag, expected[i].first) << i;
    EXPECT_EQ(l[i].name, expected[i].second) << i;
  }
}

TEST(Locales, OnlyArabicIsRightToLeft) {
  for (const auto& l : Locales()) EXPECT_EQ(l.rtl, l.tag == "ar") << l.tag;
}

TEST(Locales, MapToContentCodes) {
  EXPECT_EQ(FindLocale("zh-CN")->content_code, "zh-Hans");
  EXPECT_EQ(FindLocale("zh-TW")->content_code, "zh-Hant");
  EXPECT_EQ(FindLocale("pt-PT")->content_code, "pt");
  EXPECT_EQ(FindLocale("pt-BR")->content_code, "pt");
  EXPECT_EQ(FindLocale("fr")->content_code, "fr");
}

TEST(Locales, FindIsExact) {
  EXPECT_NE(FindLocale("fr"), nullptr);
  EXPECT_EQ(FindLocale("FR"), nullptr);
  EXPECT_EQ(FindLocale("de"), nullptr);
  EXPECT_EQ(FindLocale(""), nullptr);
}

TEST(ContentLanguages, AreTheTwelveDistinctContentCodes) {
  std::set<std::string_view> from_locales;
  for (const auto& l : Locales()) from_locales.insert(l.content_code);
  std::set<std::string_view> listed;
  for (const auto& c : ContentLanguages()) listed.insert(c.code);
  EXPECT_EQ(listed, from_locales);
  EXPECT_EQ(FindContentLanguage("pt")->name, "Português");
  EXPECT_EQ(FindContentLanguage("xx"), nullptr);
}

// DESIGN.md §4: every locale, its content code and direction.
TEST(LanguageTable, CoversTheThirteenLocalesOfTheDesign) {
  const std::tuple<std::string_view, std::string_view, bool> expected[] = {
      {"zh-CN", "zh-Hans", false}, {"en", "en", false},    {"vi", "vi", false},
      {"zh-TW", "zh-Hant", false}, {"es", "es", false},    {"ru", "ru", false},
      {"fr", "fr", false},         {"pt-PT", "pt", false}, {"id", "id", false},
      {"ja", "ja", false},         {"ar", "ar", true},     {"uk", "uk", false},
      {"pt-BR", "pt", false},
  };
  ASSERT_EQ(Locales().size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const auto& [tag, content, rtl] = expected[i];
    EXPECT_EQ(Locales()[i].tag, tag);
    EXPECT_EQ(Locales()[i].content_code, content) << tag;
    EXPECT_EQ(Locales()[i].rtl, rtl) << tag;
  }
}

TEST(LanguageTable, EveryContentLanguageHasEveryColumn) {
  ASSERT_EQ(ContentLanguages().size(), 12u);
  for (const ContentLanguage& l : ContentLanguages()) {
    SCOPED_TRACE(l.code);
    EXPECT_FALSE(l.name.empty());
    EXPECT_FALSE(l.english_name.empty());
    EXPECT_EQ(l.script.size(), 4u);  // ISO 15924
    EXPECT_FALSE(l.cld2.empty());
    EXPECT_FALSE(l.stopwords.empty());
    EXPECT_EQ(l.rtl, l.code == "ar");
    EXPECT_EQ(FindContentLanguageByCld2(l.cld2.front()), &l);
  }
  // DESIGN.md §4: CLD2's "zh" is Simplified, its "zh-Hant" Traditional.
  EXPECT_EQ(FindContentLanguageByCld2("zh")->code, "zh-Hans");
  EXPECT_EQ(FindContentLanguageByCld2("zh-Hant")->code, "zh-Hant");
  EXPECT_EQ(FindContentLanguageByCld2("de"), nullptr);
  EXPECT_EQ(FindContentLanguage("zh-Hans")->english_name, "Chinese (Simplified)");
  EXPECT_EQ(FindContentLanguage("und"), nullptr);
}

std::string ParseError(std::string_view toml) {
  auto table = ParseLanguageTable(toml, "languages.toml");
  if (table) return "parsed";
  EXPECT_EQ(table.error().code, Errc::kInvalidArgument);
  return table.error().message;
}

constexpr std::string_view kFrench = R"([[language]]
code = "fr"
name = "Français"
english_name = "French"
script = "Latn"
dir = "ltr"
cld2 = ["fr"]
)";

TEST(ParseLanguageTable, ReadsLanguagesAndLocales) {
  auto table = ParseLanguageTable(std::string(kFrench) + R"toml(stopwords = "fr"
[[locale]]
tag = "fr"
name = "Français (Afrique)"
language = "fr"
)toml",
                                  "languages.toml");
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->languages.size(), 1u);
  EXPECT_EQ(table->languages[0].stopwords, "fr");
  EXPECT_TRUE(table->languages[0].same_as.empty());
  ASSERT_EQ(table->locales.size(), 1u);
  EXPECT_EQ(table->locales[0].content_code, "fr");
  // The views survive a move of the table.
  LanguageTable moved = std::move(*table);
  EXPECT_EQ(moved.languages[0].name, "Français");
}

TEST(ParseLanguageTable, ErrorsNameTheFileLineRowAndKey) {
  EXPECT_EQ(ParseError(std::string(kFrench) + "stopword = \"fr\"\n"),
            "languages.toml:8: [[language]] \"fr\": unknown key \"stopword\"");
  EXPECT_EQ(ParseError("[[language]]\ncode = \"fr\"\n"),
            "languages.toml:1: [[language]] \"fr\": missing key \"name\"");
  EXPECT_EQ(ParseError(std::string(kFrench) + "[[language]]\ncode = \"fr\"\n"),
            "languages.toml:8: [[language]] \"fr\": duplicate code");
  std::string rtl(kFrench);
  rtl.replace(rtl.find("ltr"), 3, "up");
  EXPECT_EQ(ParseError(rtl),
            "languages.toml:6: [[language]] \"fr\": \"dir\" must be \"ltr\" or \"rtl\"");
  EXPECT_EQ(ParseError(std::string(kFrench) + "same_as = \"ms\"\n"),
            "languages.toml:8: [[language]] \"fr\": \"same_as\" must be an array of strings");
  EXPECT_EQ(ParseError(std::string(kFrench) + "[[locale]]\ntag = \"de\"\nname = \"Deutsch\"\n"
                                              "language = \"de\"\n"),
            "languages.toml:11: [[locale]] \"de\": language \"de\" is no [[language]] code");
  EXPECT_EQ(ParseError("[language]\ncode = \"fr\"\n"),
            "languages.toml:1: \"language\" must be written [[language]]");
  EXPECT_EQ(ParseError("languages = 1\n"), "languages.toml:1: unknown key \"languages\"");
  EXPECT_TRUE(ParseError("[[language]]\ncode = \"fr\n").starts_with("languages.toml:2: "));
}

TEST(NegotiateLocale, FallsBackToEnglish) {
  EXPECT_EQ(NegotiateLocale(""), "en");
  EXPECT_EQ(NegotiateLocale("de-DE, nl;q=0.5"), "en");
  EXPECT_EQ(NegotiateLocale("*"), "en");
}

TEST(NegotiateLocale, MatchesExactTagsCaseInsensitively) {
  EXPECT_EQ(NegotiateLocale("fr"), "fr");
  EXPECT_EQ(NegotiateLocale("PT-br"), "pt-BR");
  EXPECT_EQ(NegotiateLocale("zh-cn"), "zh-CN");
}

TEST(NegotiateLocale, MatchesRegionalVariantsByLanguage) {
  EXPECT_EQ(NegotiateLocale("fr-CA"), "fr");
  EXPECT_EQ(NegotiateLocale("en-GB"), "en");
  EXPECT_EQ(NegotiateLocale("es-419"), "es");
  EXPECT_EQ(NegotiateLocale("ar-EG"), "ar");
}

TEST(NegotiateLocale, MapsChineseByScriptAndRegion) {
  EXPECT_EQ(NegotiateLocale("zh"), "zh-CN");
  EXPECT_EQ(NegotiateLocale("zh-Hans-CN"), "zh-CN");
  EXPECT_EQ(NegotiateLocale("zh-SG"), "zh-CN");
  EXPECT_EQ(NegotiateLocale("zh-Hant"), "zh-TW");
  EXPECT_EQ(NegotiateLocale("zh-Hant-HK"), "zh-TW");
  EXPECT_EQ(NegotiateLocale("zh-HK"), "zh-TW");
  EXPECT_EQ(NegotiateLocale("zh-TW"), "zh-TW");
}

TEST(NegotiateLocale, MapsPortugueseByRegion) {
  EXPECT_EQ(NegotiateLocale("pt-PT"), "pt-PT");
  EXPECT_EQ(NegotiateLocale("pt"), "pt-BR");
  EXPECT_EQ(NegotiateLocale("pt-BR"), "pt-BR");
  EXPECT_EQ(NegotiateLocale("pt-AO"), "pt-BR");
}

TEST(NegotiateLocale, HonoursQualityValues) {
  EXPECT_EQ(NegotiateLocale("de;q=1, fr;q=0.4, ja;q=0.9"), "ja");
  EXPECT_EQ(NegotiateLocale("fr;q=0.5, es;q=0.500"), "fr");  // equal: header order
  EXPECT_EQ(NegotiateLocale("ja ; q=0.2 , vi"), "vi");
}

TEST(NegotiateLocale, SkipsRangesWithZeroOrMalformedQuality) {
  EXPECT_EQ(NegotiateLocale("fr;q=0, es;q=0.1"), "es");
  EXPECT_EQ(NegotiateLocale("fr;q=2, uk;q=0.3"), "uk");
  EXPECT_EQ(NegotiateLocale("fr;q=abc"), "en");
}

TEST(NegotiateLocale, StaysBoundedOnHugeHeaders) {
  std::string header;
  for (int i = 0; i < 10000; ++i) header += "xx-YY;q=0.9, ";
  header += "fr";
  EXPECT_EQ(NegotiateLocale(header), "en");  // fr is beyond the looked-at prefix
}

}  // namespace
}  // namespace plaza

namespace plaza {
namespace {

TEST(ChooseLocale, AQueryNamingALocaleIsUsedAndRememberedAsNamed) {
  for (const LocaleInfo& locale : Locales()) {
    const LocaleChoice choice = ChooseLocale(locale.tag, "en", "en-US,en;q=0.9");
    EXPECT_EQ(choice.tag, locale.tag) << "the cookie stores the chosen locale, never en";
    EXPECT_TRUE(choice.remember) << locale.tag;
  }
}

TEST(ChooseLocale, AnUnknownQueryFallsBackToTheCookieThenTheHeader) {
  LocaleChoice c = ChooseLocale("xx", "ja", "fr");
  EXPECT_EQ(c.tag, "ja");
  EXPECT_FALSE(c.remember);
  c = ChooseLocale("FR", std::nullopt, "pt-BR,pt;q=0.8");
  EXPECT_EQ(c.tag, "pt-BR");
  EXPECT_FALSE(c.remember);
  c = ChooseLocale(std::nullopt, "not-a-locale", "");
  EXPECT_EQ(c.tag, "en");
  EXPECT_FALSE(c.remember);
}

TEST(ChooseLocale, TheCookieWinsOverTheHeader) {
  const LocaleChoice c = ChooseLocale(std::nullopt, "ar", "ru");
  EXPECT_EQ(c.tag, "ar");
  EXPECT_FALSE(c.remember);
}

}  // namespace
}  // namespace plaza
