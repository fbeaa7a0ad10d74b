#pragma once

#include <array>
#include <string_view>

namespace plaza {

struct LocaleInfo {
  std::string_view tag;           // BCP 47 UI locale: "fr", "zh-CN", "pt-BR"
  std::string_view name;          // the language's own name, as the switcher shows it
  std::string_view content_code;  // the content language its readers read natively
  bool rtl = false;
};

/// The 13 interface locales, in the reference page's order (DESIGN.md §4).
const std::array<LocaleInfo, 13>& Locales();
/// nullptr for an unknown tag. Matching is exact ("fr", not "FR").
const LocaleInfo* FindLocale(std::string_view tag);

/// A language posts can be written in (DESIGN.md §4, third column), named in itself.
struct ContentLanguage {
  std::string_view code;  // "zh-Hans", "en", "pt", ...
  std::string_view name;  // "简体中文", "English", "Português", ...
};

/// The 12 content languages, in the order of Locales() (pt-PT and pt-BR share "pt").
const std::array<ContentLanguage, 12>& ContentLanguages();
/// nullptr for an unknown content code.
const ContentLanguage* FindContentLanguage(std::string_view code);

/// The best supported locale for an Accept-Language header value ("en" when none matches).
std::string_view NegotiateLocale(std::string_view accept_language);

}  // namespace plaza
