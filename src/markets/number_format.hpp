#pragma once

// Decimals in the reader's locale, by ICU from their decimal string (never through a double):
// "67 012,50" for a price in French, "+0,92 %" for a change.

#include <string>
#include <string_view>

#include "markets/decimal.hpp"

namespace plaza::markets {

/// `value` rounded (half away from zero) to `fraction_digits` and written in the UI locale's
/// number format ("en": 67,012.50; "fr": 67 012,50; "ar": Arabic digits). Thread-safe.
std::string FormatDecimal(std::string_view locale, const Decimal& value, int fraction_digits);

/// A change in percent (`percent` 0.92 for 0.92 %), signed (+ or -, none for zero), rounded
/// to `fraction_digits`, in the locale's percent format ("en": +0.92%; "fr": +0,92 %, with a
/// no-break space before %). Thread-safe.
std::string FormatSignedPercent(std::string_view locale, const Decimal& percent,
                                int fraction_digits);

}  // namespace plaza::markets
