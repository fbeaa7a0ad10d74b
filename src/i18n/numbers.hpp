#pragma once

// The digits and grouping separator the catalogs' numbers are written with in a locale (ICU's
// default numbering system for it: Arabic-Indic digits in ar, Latin elsewhere), so that a page's
// script writes the numbers it changes (counters, like counts) exactly as the server did.

#include <string>
#include <string_view>

namespace plaza {

struct NumberSymbols {
  /// The ten digits, zero first, in UTF-8 ("0123456789", "٠١٢٣٤٥٦٧٨٩").
  std::string digits;
  /// What separates groups of three digits ("," in en, "٬" in ar, a narrow no-break space in fr).
  std::string group;
};

/// The symbols ICU formats integers with in `locale` (an unknown tag: English's). Thread-safe.
NumberSymbols LocaleNumberSymbols(std::string_view locale);

}  // namespace plaza
