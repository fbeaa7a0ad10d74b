#pragma once

// Exact decimal numbers for prices, changes and volumes: a sign, up to kMaxDecimalDigits
// significant digits and a scale. No floating point anywhere: values are parsed from the text a
// feed sends, kept as text in the store, compared and divided on digits, and formatted by ICU
// from their decimal string (number_format.hpp).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace plaza::markets {

/// The most significant digits a price may carry (PostgreSQL NUMERIC(38), 128-bit decimals).
constexpr int kMaxDecimalDigits = 38;
/// The most digits after the point a value may carry (30 are common for meme tokens' prices).
constexpr int kMaxDecimalScale = 60;

class Decimal {
 public:
  /// Zero.
  Decimal() = default;

  /// Reads "123", "-0.00012", "+1.5", "1e-8", "2.5E+3". Leading zeros and trailing zeros after
  /// the point do not count as significant. kInvalidArgument for anything else: empty text,
  /// "NaN", "inf", hex, spaces, more than kMaxDecimalDigits significant digits, more than
  /// kMaxDecimalScale digits after the point, or an integer part of more than
  /// kMaxDecimalDigits digits.
  static Result<Decimal> Parse(std::string_view text);

  /// The shortest plain form: "-0.00012", "123", "0" (no exponent, no trailing zeros).
  std::string ToString() const;
  /// Rounded half away from zero to `scale` digits after the point and written with exactly
  /// that many ("1.50" for 1.5 at 2; "-0.00" never: a value that rounds to zero is "0.00").
  std::string ToFixed(int scale) const;
  /// The same value rounded to `scale` digits (half away from zero).
  Decimal Rounded(int scale) const;

  bool negative() const { return negative_; }
  bool IsZero() const { return digits_ == "0"; }
  /// Digits after the point (0 for integers).
  int scale() const { return scale_; }
  /// Significant digits (1 for zero).
  int Precision() const;

  /// The change from `from` to `to` in percent, rounded half away from zero to `scale` digits:
  /// (to - from) / from * 100. kInvalidArgument when `from` is zero or negative.
  static Result<Decimal> PercentChange(const Decimal& from, const Decimal& to, int scale);

  /// This value times (10000 + basis_points) / 10000, rounded half away from zero to `scale`
  /// digits: a move of `basis_points` hundredths of a percent (the demo feed's random walk).
  Decimal MovedBy(int basis_points, int scale) const;

  /// The median of `values` (the mean of the two middle ones for an even count), rounded half
  /// away from zero to `scale` digits; nullopt for none. `values` is sorted in place.
  static std::optional<Decimal> Median(std::vector<Decimal>& values, int scale);

  /// Where `value` lies between `low` and `high` on a scale of 0..`steps`, rounded half away
  /// from zero and clamped to it: (value - low) / (high - low) * steps. 0 when high <= low.
  /// (A chart's pixel for a price, computed on digits.)
  static int Position(const Decimal& low, const Decimal& high, const Decimal& value, int steps);

  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) = default;

 private:
  Decimal(bool negative, std::string digits, int scale);
  // Strips leading zeros of the digits and trailing zeros after the point; zero is never
  // negative.
  void Normalize();

  bool negative_ = false;
  std::string digits_ = "0";  // the value is digits_ * 10^-scale_
  int scale_ = 0;
};

}  // namespace plaza::markets
