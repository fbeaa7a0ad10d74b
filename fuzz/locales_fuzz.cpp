// Locale negotiation (src/i18n/locales.*) over any Accept-Language value. Property: the answer
// is always one of the 13 interface locales.

#include "fuzz/fuzz_check.hpp"
#include "i18n/locales.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view header = plaza::fuzz::AsText(data, size);
  std::string_view locale = plaza::NegotiateLocale(header);
  plaza::fuzz::Require(plaza::FindLocale(locale) != nullptr, "the answer is a UI locale");
  plaza::FindContentLanguage(header);
  return 0;
}
