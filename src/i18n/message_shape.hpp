#pragma once

// What a catalog message asks of its caller (argument names and kinds) and how its plurals are
// written, read from the ICU MessageFormat pattern: the catalog tests compare every locale's
// messages against English with it (docs/languages.md, "What the catalog tests check").

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace plaza {

enum class MessageArgKind { kSimple, kPlural, kSelectOrdinal, kSelect, kChoice };

struct MessageShape {
  /// One plural or selectordinal argument: its name and the selectors it spells out.
  struct Plural {
    std::string argument;
    bool ordinal = false;
    std::set<std::string> keywords;         // "one", "few", "other", ...
    std::set<std::string> explicit_values;  // "=0", "=1", ...
  };
  /// Every argument, nested ones included, with its kind: {count} and {count, number} are
  /// kSimple; {count, plural, ...} is kPlural.
  std::set<std::pair<std::string, MessageArgKind>> arguments;
  std::vector<Plural> plurals;
  /// The literal text a reader sees, without argument syntax: the sub-messages of plurals and
  /// selects are kept, simple arguments and '#' dropped, quoting apostrophes resolved.
  std::string text;
};

/// kInvalidArgument when the pattern is not ICU MessageFormat.
Result<MessageShape> DescribeMessage(std::string_view pattern);

/// True when a message has nothing to translate: its literal text (MessageShape::text) holds no
/// word other than capitalised abbreviations and tickers (two or more letters, none lower-case:
/// "UTC", "BTC") and the given proper names ("Plaza"). Digits, punctuation and symbols are not
/// words. "{count}/{max}" and "{datetime} UTC" are neutral; "{site} home" is not.
bool IsLanguageNeutral(const MessageShape& shape, std::span<const std::string_view> names);

/// The plural categories a locale's CLDR rules use ("other" always among them), from ICU.
std::set<std::string> PluralKeywords(std::string_view locale, bool ordinal = false);

}  // namespace plaza
