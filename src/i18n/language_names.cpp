#include "i18n/language_names.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "i18n/catalog.hpp"
#include "i18n/locales.hpp"

namespace plaza {
namespace {

std::string Compute(std::string_view content_code, std::string_view reader_locale) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale reader = icu::Locale::forLanguageTag(std::string(reader_locale), status);
  if (U_FAILURE(status)) return std::string(content_code);
  icu::Locale content = icu::Locale::forLanguageTag(std::string(content_code), status);
  if (U_FAILURE(status) || content.isBogus()) return std::string(content_code);
  // Dialect names give "Simplified Chinese" rather than "Chinese (Simplified)"; the
  // middle-of-sentence context gives "anglais" rather than "Anglais" where the language
  // writes names of languages in lower case.
  UDisplayContext contexts[] = {UDISPCTX_DIALECT_NAMES,
                                UDISPCTX_CAPITALIZATION_FOR_MIDDLE_OF_SENTENCE,
                                UDISPCTX_NO_SUBSTITUTE};
  std::unique_ptr<icu::LocaleDisplayNames> names(
      icu::LocaleDisplayNames::createInstance(reader, contexts, 3));
  if (!names) return std::string(content_code);
  icu::UnicodeString name;
  names->localeDisplayName(content, name);
  if (name.isBogus() || name.isEmpty()) return std::string(content_code);
  std::string out;
  name.toUTF8String(out);
  return out;
}

// Names of the table's content languages in its locales' languages: a bounded set (13 × 13),
// computed once each.
bool Known(std::string_view content_code, std::string_view reader_locale) {
  return FindContentLanguage(content_code) != nullptr && FindLocale(reader_locale) != nullptr;
}

}  // namespace

std::string LanguageNameIn(std::string_view content_code, std::string_view reader_locale) {
  if (!Known(content_code, reader_locale)) return Compute(content_code, reader_locale);
  static std::mutex mu;
  static std::map<std::pair<std::string, std::string>, std::string, std::less<>> cache;
  std::pair<std::string, std::string> key(content_code, reader_locale);
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  std::string name = Compute(content_code, reader_locale);
  std::lock_guard lock(mu);
  return cache.emplace(std::move(key), std::move(name)).first->second;
}

std::string TranslatedFromLabel(const Catalog& catalog, std::string_view from) {
  std::string code(from);
  std::replace(code.begin(), code.end(), '-', '_');
  return catalog.Format("post.translated_from",
                        {{"language", LanguageNameIn(from, catalog.locale())}, {"from", code}});
}

}  // namespace plaza
