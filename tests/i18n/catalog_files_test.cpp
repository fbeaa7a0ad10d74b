// Every catalog file embedded in the binary, core (locales/<tag>.toml) and module fragments
// (locales/<area>/<tag>.toml), checked against English: the rules are in docs/languages.md
// ("What the catalog tests check"). Files a module adds are picked up without a change here.

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "i18n/catalog.hpp"
#include "i18n/locales.hpp"
#include "i18n/message_shape.hpp"
#include "web/assets.hpp"

namespace plaza {
namespace {

// Proper names that stay as they are in every language: a message made only of these (and
// abbreviations, numbers, symbols, arguments) is not counted as untranslated.
constexpr std::string_view kNames[] = {"Plaza",  "Markdown",       "Apertium",
                                       "OpenCC", "LibreTranslate", "OpenAI"};
// The largest share of a locale's translatable messages that may read exactly as in English.
constexpr double kMaxEnglishShare = 0.10;

struct CatalogFile {
  std::string path;
  std::string_view body;
};

// area ("" for the core catalog) → locale tag → file.
using FilesByArea = std::map<std::string, std::map<std::string, CatalogFile>>;

FilesByArea EmbeddedCatalogFiles() {
  FilesByArea out;
  constexpr std::string_view kPrefix = "locales/";
  constexpr std::string_view kSuffix = ".toml";
  for (const auto& asset : web::AllAssets()) {
    std::string_view path = asset.path;
    if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) continue;
    std::string_view rest =
        path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
    std::string area;
    if (auto slash = rest.rfind('/'); slash != std::string_view::npos) {
      area = std::string(rest.substr(0, slash));
      rest = rest.substr(slash + 1);
    }
    out[area][std::string(rest)] = CatalogFile{std::string(path), asset.body};
  }
  return out;
}

Catalog ParseOrFail(const CatalogFile& file, const std::string& tag) {
  auto parsed = Catalog::Parse(tag, file.body);
  EXPECT_TRUE(parsed.has_value()) << file.path << ": " << (parsed ? "" : parsed.error().message);
  return parsed ? std::move(*parsed) : Catalog();
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out.append(out.empty() ? "" : " ").append(s);
  return out;
}

std::string Describe(const std::set<std::pair<std::string, MessageArgKind>>& args) {
  static constexpr const char* kKinds[] = {"", "plural", "selectordinal", "select", "choice"};
  std::string out;
  for (const auto& [name, kind] : args) {
    out.append(out.empty() ? "{" : ", {").append(name);
    if (kind != MessageArgKind::kSimple) out.append(", ").append(kKinds[static_cast<int>(kind)]);
    out.append("}");
  }
  return out.empty() ? "none" : out;
}

class CatalogFiles : public ::testing::Test {
 protected:
  FilesByArea files_ = EmbeddedCatalogFiles();
};

TEST_F(CatalogFiles, TheCoreCatalogIsEmbeddedForEveryLocale) {
  ASSERT_TRUE(files_.contains("")) << "no locales/<tag>.toml is embedded";
  EXPECT_EQ(files_[""].size(), Locales().size());
}

TEST_F(CatalogFiles, EveryAreaHasEnglishAndEveryLocaleAndNoOtherFile) {
  for (const auto& [area, by_tag] : files_) {
    const std::string where = area.empty() ? "locales/" : "locales/" + area + "/";
    EXPECT_TRUE(by_tag.contains("en")) << where << " has catalog files but no en.toml";
    for (const LocaleInfo& locale : Locales()) {
      EXPECT_TRUE(by_tag.contains(std::string(locale.tag)))
          << where << std::string(locale.tag) << ".toml is missing";
    }
    for (const auto& [tag, file] : by_tag) {
      EXPECT_NE(FindLocale(tag), nullptr)
          << file.path << " is named after no interface locale of languages.toml";
    }
  }
}

TEST_F(CatalogFiles, EveryLocaleFileHasExactlyTheEnglishKeys) {
  for (const auto& [area, by_tag] : files_) {
    auto en_file = by_tag.find("en");
    if (en_file == by_tag.end()) continue;  // reported above
    const Catalog en = ParseOrFail(en_file->second, "en");
    const auto en_keys_list = en.Keys();
    const std::set<std::string> en_keys(en_keys_list.begin(), en_keys_list.end());
    for (const auto& [tag, file] : by_tag) {
      if (tag == "en") continue;
      const Catalog catalog = ParseOrFail(file, tag);
      const auto keys_list = catalog.Keys();
      const std::set<std::string> keys(keys_list.begin(), keys_list.end());
      std::set<std::string> missing, extra;
      for (const auto& k : en_keys) {
        if (!keys.contains(k)) missing.insert(k);
      }
      for (const auto& k : keys) {
        if (!en_keys.contains(k)) extra.insert(k);
      }
      EXPECT_TRUE(missing.empty()) << file.path << " lacks " << Join(missing);
      EXPECT_TRUE(extra.empty()) << file.path << " has keys English lacks: " << Join(extra);
    }
  }
}

TEST_F(CatalogFiles, ArgumentsMatchEnglishAndPluralsHaveTheLocalesForms) {
  for (const auto& [area, by_tag] : files_) {
    auto en_file = by_tag.find("en");
    if (en_file == by_tag.end()) continue;
    const Catalog en = ParseOrFail(en_file->second, "en");
    for (const auto& [tag, file] : by_tag) {
      const Catalog catalog = ParseOrFail(file, tag);
      const std::set<std::string> cardinal = PluralKeywords(tag);
      const std::set<std::string> ordinal = PluralKeywords(tag, /*ordinal=*/true);
      for (const std::string& key : catalog.Keys()) {
        const std::string* pattern = catalog.Pattern(key);
        auto shape = DescribeMessage(*pattern);
        ASSERT_TRUE(shape.has_value()) << file.path << " " << key;
        if (const std::string* en_pattern = en.Pattern(key)) {
          auto en_shape = DescribeMessage(*en_pattern);
          ASSERT_TRUE(en_shape.has_value()) << en_file->second.path << " " << key;
          EXPECT_EQ(shape->arguments, en_shape->arguments)
              << file.path << " " << key << ": arguments " << Describe(shape->arguments)
              << ", English has " << Describe(en_shape->arguments);
        }
        for (const auto& plural : shape->plurals) {
          const std::set<std::string>& needed = plural.ordinal ? ordinal : cardinal;
          std::set<std::string> missing, foreign;
          for (const auto& k : needed) {
            if (!plural.keywords.contains(k)) missing.insert(k);
          }
          for (const auto& k : plural.keywords) {
            if (!needed.contains(k)) foreign.insert(k);
          }
          EXPECT_TRUE(missing.empty())
              << file.path << " " << key << ": the plural of '" << plural.argument << "' lacks "
              << Join(missing) << " (" << tag << " uses " << Join(needed) << ")";
          EXPECT_TRUE(foreign.empty())
              << file.path << " " << key << ": the plural of '" << plural.argument << "' has "
              << Join(foreign) << ", which " << tag << " never selects";
        }
      }
    }
  }
}

TEST_F(CatalogFiles, AtMostATenthOfALocalesMessagesReadAsInEnglish) {
  // Per locale, over all areas: messages whose English is language-neutral are not counted.
  std::map<std::string, std::pair<int, int>> equal_and_counted;
  std::map<std::string, std::set<std::string>> equal_keys;
  for (const auto& [area, by_tag] : files_) {
    auto en_file = by_tag.find("en");
    if (en_file == by_tag.end()) continue;
    const Catalog en = ParseOrFail(en_file->second, "en");
    for (const auto& [tag, file] : by_tag) {
      if (tag == "en") continue;
      const Catalog catalog = ParseOrFail(file, tag);
      for (const std::string& key : en.Keys()) {
        const std::string* en_pattern = en.Pattern(key);
        auto en_shape = DescribeMessage(*en_pattern);
        if (!en_shape || IsLanguageNeutral(*en_shape, kNames)) continue;
        const std::string* pattern = catalog.Pattern(key);
        auto& [equal, counted] = equal_and_counted[tag];
        ++counted;
        if (pattern != nullptr && *pattern == *en_pattern) {
          ++equal;
          equal_keys[tag].insert(area.empty() ? key : area + ":" + key);
        }
      }
    }
  }
  for (const LocaleInfo& locale : Locales()) {
    if (locale.tag == "en") continue;
    const auto [equal, counted] = equal_and_counted[std::string(locale.tag)];
    ASSERT_GT(counted, 0) << locale.tag;
    const double share = static_cast<double>(equal) / counted;
    std::printf("%-6s %3d of %3d translatable messages equal English (%.1f %%)\n",
                std::string(locale.tag).c_str(), equal, counted, 100.0 * share);
    EXPECT_LE(share, kMaxEnglishShare)
        << locale.tag << ": " << equal << " of " << counted
        << " messages read exactly as in English: " << Join(equal_keys[std::string(locale.tag)]);
  }
}

TEST_F(CatalogFiles, TheMergedCatalogsLoadAndKnowEveryLocale) {
  auto catalogs = Catalogs::LoadEmbedded();
  ASSERT_TRUE(catalogs.has_value()) << catalogs.error().message;
  for (const LocaleInfo& locale : Locales()) {
    EXPECT_EQ((*catalogs)->For(locale.tag).locale(), locale.tag)
        << "the locale has a catalog of its own, not English";
  }
}

}  // namespace
}  // namespace plaza
