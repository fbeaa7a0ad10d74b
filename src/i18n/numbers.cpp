#include "i18n/numbers.hpp"

#include <unicode/dcfmtsym.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace plaza {

NumberSymbols LocaleNumberSymbols(std::string_view locale) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(std::string(locale), status);
  if (U_FAILURE(status)) loc = icu::Locale::getEnglish();
  status = U_ZERO_ERROR;
  // The locale's default numbering system: the one MessageFormat's {n, number} uses.
  const icu::DecimalFormatSymbols symbols(loc, status);
  if (U_FAILURE(status)) return NumberSymbols{"0123456789", ","};
  NumberSymbols out;
  constexpr icu::DecimalFormatSymbols::ENumberFormatSymbol kDigits[] = {
      icu::DecimalFormatSymbols::kZeroDigitSymbol,  icu::DecimalFormatSymbols::kOneDigitSymbol,
      icu::DecimalFormatSymbols::kTwoDigitSymbol,   icu::DecimalFormatSymbols::kThreeDigitSymbol,
      icu::DecimalFormatSymbols::kFourDigitSymbol,  icu::DecimalFormatSymbols::kFiveDigitSymbol,
      icu::DecimalFormatSymbols::kSixDigitSymbol,   icu::DecimalFormatSymbols::kSevenDigitSymbol,
      icu::DecimalFormatSymbols::kEightDigitSymbol, icu::DecimalFormatSymbols::kNineDigitSymbol,
  };
  for (const auto digit : kDigits) symbols.getConstSymbol(digit).toUTF8String(out.digits);
  symbols.getConstSymbol(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol)
      .toUTF8String(out.group);
  return out;
}

}  // namespace plaza
