#include "i18n/language_names.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "i18n/locales.hpp"

namespace plaza {
namespace {

TEST(LanguageNameIn, NamesTheLanguageInTheReadersLanguage) {
  EXPECT_EQ(LanguageNameIn("en", "fr"), "anglais");
  EXPECT_EQ(LanguageNameIn("fr", "en"), "French");
  EXPECT_EQ(LanguageNameIn("en", "es"), "inglés");
  EXPECT_EQ(LanguageNameIn("en", "ru"), "английский");
  EXPECT_EQ(LanguageNameIn("en", "ja"), "英語");
  EXPECT_EQ(LanguageNameIn("en", "ar"), "الإنجليزية");
  // Indonesian names languages without "bahasa", which id.toml's pattern supplies.
  EXPECT_EQ(LanguageNameIn("en", "id"), "Inggris");
}

TEST(LanguageNameIn, NamesSimplifiedAndTraditionalChineseApart) {
  for (const LocaleInfo& reader : Locales()) {
    const std::string hans = LanguageNameIn("zh-Hans", reader.tag);
    const std::string hant = LanguageNameIn("zh-Hant", reader.tag);
    EXPECT_NE(hans, hant) << reader.tag;
    EXPECT_NE(hans, "zh-Hans") << reader.tag;
  }
  EXPECT_EQ(LanguageNameIn("zh-Hans", "en"), "Simplified Chinese");
  EXPECT_EQ(LanguageNameIn("zh-Hant", "fr"), "chinois traditionnel");
}

TEST(LanguageNameIn, EveryContentLanguageHasANameInEveryLocale) {
  for (const LocaleInfo& reader : Locales()) {
    std::set<std::string> seen;
    for (const ContentLanguage& language : ContentLanguages()) {
      const std::string name = LanguageNameIn(language.code, reader.tag);
      EXPECT_NE(name, language.code) << language.code << " in " << reader.tag;
      EXPECT_TRUE(seen.insert(name).second)
          << language.code << " in " << reader.tag << " is named like another: " << name;
    }
  }
}

TEST(LanguageNameIn, GivesBackACodeICannotName) {
  EXPECT_EQ(LanguageNameIn("qqq", "fr"), "qqq");
  EXPECT_EQ(LanguageNameIn("", "fr"), "");
}

TEST(LanguageNameIn, TheSwitcherKeepsEachLanguagesOwnName) {
  // The switcher shows LocaleInfo::name, in the language itself, whatever the reader's locale.
  const LocaleInfo* fr = FindLocale("fr");
  ASSERT_NE(fr, nullptr);
  EXPECT_EQ(fr->name, "Français (Afrique)");
  EXPECT_EQ(FindLocale("zh-CN")->name, "简体中文");
  EXPECT_EQ(FindLocale("ru")->name, "Русский");
}

}  // namespace
}  // namespace plaza
