#include "translation/language_name.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace plaza::translation {

std::string LanguageName(std::string_view code, std::string_view locale) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale language = icu::Locale::forLanguageTag(code, status);
  const icu::Locale display = icu::Locale::forLanguageTag(locale, status);
  if (U_FAILURE(status)) return std::string(code);
  icu::UnicodeString name;
  language.getDisplayName(display, name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() ? std::string(code) : out;
}

}  // namespace plaza::translation
