#pragma once

#include <string>
#include <string_view>

namespace plaza {

/// The name of a content language in the reader's language, as it reads inside a sentence
/// ("Translated from {language}"), from ICU's locale display names (CLDR): "en" for a French
/// reader is "anglais", for a Russian one "английский"; "zh-Hans" and "zh-Hant" are named apart
/// ("chinois simplifié", "chinois traditionnel"). `content_code` is a content code of
/// languages.toml or any BCP 47 tag; `reader_locale` an interface locale tag. A code ICU cannot
/// name comes back as given. The language switcher does not use this: it shows each language's
/// own name (LocaleInfo::name).
std::string LanguageNameIn(std::string_view content_code, std::string_view reader_locale);

}  // namespace plaza
