#pragma once

// The content languages and interface locales (DESIGN.md §4), read from one table:
// src/i18n/data/languages.toml, embedded at build time and parsed once. Everything keyed by
// language (the switcher, the compose menu, CLD2's codes, the stopword lists, the names LLM
// prompts use) reads it from here.

#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace plaza {

/// A language posts can be written in: one [[language]] row of languages.toml.
struct ContentLanguage {
  std::string_view code;          // content code (BCP 47): "zh-Hans", "en", "pt", ...
  std::string_view name;          // named in itself: "简体中文", "English", "Português", ...
  std::string_view english_name;  // as LLM prompts name it: "Chinese (Simplified)"
  std::string_view script;        // ISO 15924: "Hans", "Latn", "Arab", ...
  bool rtl = false;
  std::vector<std::string_view> cld2;     // CLD2 codes detected as this language: "zh-Hant"
  std::vector<std::string_view> same_as;  // codes a detector confuses with it: "ms" for "id"
  std::string_view stopwords;             // src/summarize/stopwords/<this>.txt; "" for none
};

/// An interface locale: one [[locale]] row of languages.toml.
struct LocaleInfo {
  std::string_view tag;           // BCP 47 UI locale: "fr", "zh-CN", "pt-BR"
  std::string_view name;          // the language's own name, as the switcher shows it
  std::string_view content_code;  // the content language its readers read natively
  bool rtl = false;               // the content language's direction
};

/// A parsed languages.toml. Its views point into `strings`, which moves with it.
struct LanguageTable {
  std::vector<ContentLanguage> languages;  // in the file's order
  std::vector<LocaleInfo> locales;         // in the file's order
  std::unique_ptr<std::deque<std::string>> strings = std::make_unique<std::deque<std::string>>();
};

/// Parses a languages table. kInvalidArgument, with a message naming `source`, the line and the
/// key, for a syntax error, an unknown or missing key, a value of the wrong type, a duplicate
/// code, tag or CLD2 code, a "dir" other than "ltr"/"rtl", or a locale of an unlisted language.
Result<LanguageTable> ParseLanguageTable(std::string_view toml, std::string_view source);

/// The embedded table, parsed on first use (thread-safe). A malformed embedded table is a build
/// defect that the i18n tests catch: the process stops with the parse error.
const LanguageTable& Languages();

/// The interface locales, in the reference page's order (DESIGN.md §4: 13 of them).
std::span<const LocaleInfo> Locales();
/// nullptr for an unknown tag. Matching is exact ("fr", not "FR").
const LocaleInfo* FindLocale(std::string_view tag);

/// The content languages, in the order of Locales() (pt-PT and pt-BR share "pt").
std::span<const ContentLanguage> ContentLanguages();
/// nullptr for an unknown content code (and for "und").
const ContentLanguage* FindContentLanguage(std::string_view code);
/// The content language whose `cld2` list holds a CLD2 language code, or nullptr.
const ContentLanguage* FindContentLanguageByCld2(std::string_view cld2_code);

/// The best supported locale for an Accept-Language header value ("en" when none matches).
std::string_view NegotiateLocale(std::string_view accept_language);

/// A request's interface locale and whether to remember it in the locale cookie.
struct LocaleChoice {
  std::string_view tag;   // always an interface locale of the table
  bool remember = false;  // a ?lang= naming a locale chose it: store exactly `tag`
};
/// The order of DESIGN.md §4: a `lang` query parameter naming a locale (remembered), else a
/// cookie naming one, else Accept-Language. A locale is used as named even when its catalog
/// lacks some strings (those fall back to English one by one), so the cookie never turns a
/// chosen locale into "en". Matching is exact; unknown values are skipped.
LocaleChoice ChooseLocale(std::optional<std::string_view> query_lang,
                          std::optional<std::string_view> cookie, std::string_view accept_language);

}  // namespace plaza
