#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace plaza {

struct CompiledMessage;  // a parsed ICU MessageFormat (catalog.cpp)

/// A decimal number held as its digits ("-1234.50"), formatted by ICU's decimal arithmetic, never
/// through floating point: an amount keeps every digit, in the locale's digits and separators
/// ("{amount, number, ::precision-unlimited}" shows them all; "{amount, number}" rounds to the
/// locale's default of three fraction digits). Plurals select on its exact value.
class DecimalArg {
 public:
  /// kInvalidArgument unless `text` is an optional '-', 1 to 40 ASCII digits, and optionally '.'
  /// followed by 1 to 40 digits (no exponent, no grouping, no '+').
  static Result<DecimalArg> Parse(std::string_view text);
  /// units × 10^-scale, for amounts kept in minor units: FromScaled(-12345, 2) is "-123.45".
  /// `scale` is clamped to [0, 30].
  static DecimalArg FromScaled(std::int64_t units, int scale);
  const std::string& digits() const { return digits_; }
  bool operator==(const DecimalArg&) const = default;

 private:
  explicit DecimalArg(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

/// A message argument: an integer (counts), a decimal (amounts, prices) or text (names, dates
/// already formatted). Numbers format in the catalog's locale.
using MessageArg = std::variant<std::int64_t, std::string, DecimalArg>;
using MessageArgs = std::vector<std::pair<std::string, MessageArg>>;

/// One locale's interface strings: key → ICU MessageFormat pattern, read from a TOML file
/// (src/web/locales/<tag>.toml and each capability's src/web/locales/<area>/<tag>.toml, embedded
/// in the binary). Every user-visible string comes from here.
class Catalog {
 public:
  /// kInvalidArgument naming the key when a pattern does not parse.
  static Result<Catalog> Parse(std::string_view locale, std::string_view toml_text);

  const std::string& locale() const { return locale_; }
  /// The message with named arguments formatted by ICU (plurals, numbers in this locale).
  /// A key missing here is looked up in `fallback` (English); a key missing there too returns
  /// the key itself, so a gap is visible but never fatal.
  std::string Format(std::string_view key, const MessageArgs& args = {}) const;
  /// Whether this catalog itself defines `key`. The fallback is not consulted (Format still
  /// finds a key only the fallback has): the completeness tests count on that, and a caller
  /// choosing between keys (NotificationText: the kind's own message, else "other") stays in
  /// the reader's language rather than falling back to English.
  bool Has(std::string_view key) const;
  /// The pattern as the catalog file wrote it; nullptr when this catalog lacks the key (the
  /// fallback is not consulted).
  const std::string* Pattern(std::string_view key) const;
  std::vector<std::string> Keys() const;
  /// Adds another file's messages for the same locale (a module's catalog fragment).
  /// kInvalidArgument naming the key when both define it.
  Status Absorb(Catalog&& other);
  /// Also gives the catalog a new id().
  void SetFallback(const Catalog* fallback);
  /// Unique per parsed catalog and fallback setting (copies share it): caches of text derived
  /// from a catalog (e.g. pre-localized templates) key on it.
  std::uint64_t id() const { return id_; }

 private:
  std::string locale_;
  std::map<std::string, std::string, std::less<>> patterns_;
  // Parsed once at load; formatting borrows a pooled copy (catalog.cpp), so Format() is
  // safe to call from many threads at once.
  std::map<std::string, std::shared_ptr<const CompiledMessage>, std::less<>> compiled_;
  const Catalog* fallback_ = nullptr;
  std::uint64_t id_ = 0;
};

/// Every embedded locale's catalog, English as the fallback of the others.
class Catalogs {
 public:
  static Result<std::unique_ptr<Catalogs>> LoadEmbedded();
  /// The catalog for a locale tag; English for a tag without a catalog.
  const Catalog& For(std::string_view locale) const;

 private:
  std::map<std::string, Catalog, std::less<>> by_locale_;
};

}  // namespace plaza
