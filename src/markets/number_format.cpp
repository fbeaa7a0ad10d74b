#include "markets/number_format.hpp"

#include <unicode/locid.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace plaza::markets {

namespace {

enum class Style { kPlain, kSignedPercent };

using Formatter = icu::number::LocalizedNumberFormatter;

Formatter Make(std::string_view locale, Style style, int fraction_digits) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(std::string(locale), status);
  if (U_FAILURE(status)) loc = icu::Locale::getRoot();
  auto settings = icu::number::NumberFormatter::with()
                      .precision(icu::number::Precision::fixedFraction(fraction_digits))
                      .roundingMode(UNUM_ROUND_HALFUP);
  if (style == Style::kSignedPercent) {
    settings = settings.unit(icu::MeasureUnit::getPercent()).sign(UNUM_SIGN_EXCEPT_ZERO);
  }
  return settings.locale(loc);
}

// LocalizedNumberFormatter is immutable and thread-safe once built; building one costs far more
// than formatting, so each (locale, style, digits) is built once.
const Formatter& FormatterFor(std::string_view locale, Style style, int fraction_digits) {
  static std::mutex mu;
  static std::map<std::tuple<std::string, Style, int>, std::unique_ptr<Formatter>> cache;
  std::lock_guard lock(mu);
  auto& slot = cache[{std::string(locale), style, fraction_digits}];
  if (!slot) slot = std::make_unique<Formatter>(Make(locale, style, fraction_digits));
  return *slot;
}

std::string Format(std::string_view locale, Style style, const Decimal& value,
                   int fraction_digits) {
  if (fraction_digits < 0) fraction_digits = 0;
  if (fraction_digits > kMaxDecimalScale) fraction_digits = kMaxDecimalScale;
  const std::string text = value.ToString();
  UErrorCode status = U_ZERO_ERROR;
  const auto formatted =
      FormatterFor(locale, style, fraction_digits)
          .formatDecimal(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status);
  std::string out;
  if (U_SUCCESS(status)) formatted.toString(status).toUTF8String(out);
  // ICU only fails on memory or on a number it cannot read, which Decimal never writes.
  if (U_FAILURE(status)) return value.ToFixed(fraction_digits);
  return out;
}

}  // namespace

std::string FormatDecimal(std::string_view locale, const Decimal& value, int fraction_digits) {
  return Format(locale, Style::kPlain, value, fraction_digits);
}

std::string FormatSignedPercent(std::string_view locale, const Decimal& percent,
                                int fraction_digits) {
  return Format(locale, Style::kSignedPercent, percent, fraction_digits);
}

}  // namespace plaza::markets
