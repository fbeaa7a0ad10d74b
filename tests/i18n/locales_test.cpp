#include "i18n/locales.hpp"

#include <set>
#include <string>

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
