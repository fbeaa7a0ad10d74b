#pragma once

#include <string>
#include <string_view>

namespace plaza::translation {

/// The name of a language (a content code or a target: "en", "zh-Hans", "pt-BR") in the
/// interface language of `locale` ("fr" → "anglais"), from ICU's display names. The code itself
/// when ICU knows no name for it. (The catalogs work adds i18n's LanguageNameIn; until it is in
/// this tree the module uses this one.)
std::string LanguageName(std::string_view code, std::string_view locale);

}  // namespace plaza::translation
