#pragma once

#include <string>
#include <string_view>

namespace plaza {

class Catalog;

/// The name of a content language in the reader's language, as it reads inside a sentence
/// ("Translated from {language}"), from ICU's locale display names (CLDR): "en" for a French
/// reader is "anglais", for a Russian one "английский"; "zh-Hans" and "zh-Hant" are named apart
/// ("chinois simplifié", "chinois traditionnel"). `content_code` is a content code of
/// languages.toml or any BCP 47 tag; `reader_locale` an interface locale tag. A code ICU cannot
/// name comes back as given. The language switcher does not use this: it shows each language's
/// own name (LocaleInfo::name).
std::string LanguageNameIn(std::string_view content_code, std::string_view reader_locale);

/// "Translated from {language}" in `catalog`'s language for text written in `from` (a content
/// code): the message `post.translated_from` with {language} (LanguageNameIn) and {from}, the
/// code with '-' as '_' ("zh_Hans") for the `select` through which a language picks its
/// preposition or case ("Traduit de l'anglais", "Traduit du chinois simplifié").
std::string TranslatedFromLabel(const Catalog& catalog, std::string_view from);

}  // namespace plaza
