#include "markets/decimal.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <utility>

namespace plaza::markets {

namespace {

using BigInt = boost::multiprecision::cpp_int;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::unexpected<Error> NotANumber(std::string_view why) {
  return Fail(Errc::kInvalidArgument, "not a decimal number: " + std::string(why));
}

// `digits` (no sign) scaled up by `zeros` powers of ten, as an integer.
BigInt ScaledInteger(const std::string& digits, int zeros) {
  return BigInt(digits + std::string(static_cast<std::size_t>(zeros), '0'));
}

// a / b rounded half away from zero; a >= 0, b > 0.
BigInt DivideRounded(const BigInt& a, const BigInt& b) {
  BigInt q = a / b;
  const BigInt r = a % b;
  if (r * 2 >= b) ++q;
  return q;
}

}  // namespace

Decimal::Decimal(bool negative, std::string digits, int scale)
    : negative_(negative), digits_(std::move(digits)), scale_(scale) {
  Normalize();
}

void Decimal::Normalize() {
  while (scale_ > 0 && digits_.size() > 1 && digits_.back() == '0') {
    digits_.pop_back();
    --scale_;
  }
  // Keep at least scale_ + 1 digits' worth of meaning: leading zeros go.
  const std::size_t first = digits_.find_first_not_of('0');
  if (first == std::string::npos) {
    digits_ = "0";
    scale_ = 0;
    negative_ = false;
    return;
  }
  digits_.erase(0, first);
  if (scale_ > 0 && digits_.back() == '0') Normalize();
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  if (text.empty()) return NotANumber("empty");
  if (text.size() > 200) return NotANumber("too long");
  std::size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') {
    negative = text[i] == '-';
    ++i;
  }
  std::string digits;
  int scale = 0;
  std::size_t integer_digits = 0;
  while (i < text.size() && IsDigit(text[i])) {
    digits += text[i++];
    ++integer_digits;
  }
  std::size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) {
      digits += text[i++];
      ++fraction_digits;
    }
  }
  if (integer_digits + fraction_digits == 0) return NotANumber("no digits");
  scale = static_cast<int>(fraction_digits);
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    int exponent = 0;
    std::size_t exp_digits = 0;
    while (i < text.size() && IsDigit(text[i]) && exp_digits < 4) {
      exponent = exponent * 10 + (text[i++] - '0');
      ++exp_digits;
    }
    if (exp_digits == 0) return NotANumber("empty exponent");
    scale += exp_negative ? exponent : -exponent;
  }
  if (i != text.size()) return NotANumber("unexpected characters");
  if (scale < 0) {
    if (-scale > 2 * kMaxDecimalDigits) return NotANumber("too large");
    digits.append(static_cast<std::size_t>(-scale), '0');
    scale = 0;
  }
  Decimal d(negative, std::move(digits), scale);
  if (d.scale_ > kMaxDecimalScale) {
    return NotANumber("more than " + std::to_string(kMaxDecimalScale) + " digits after the point");
  }
  if (d.Precision() > kMaxDecimalDigits) {
    return NotANumber("more than " + std::to_string(kMaxDecimalDigits) + " significant digits");
  }
  if (static_cast<int>(d.digits_.size()) - d.scale_ > kMaxDecimalDigits) {
    return NotANumber("too large");
  }
  return d;
}

int Decimal::Precision() const {
  // digits_ has no leading zeros (except zero itself) and no trailing zeros after the point;
  // an integer's trailing zeros are not significant either ("1000" is one digit of precision).
  if (scale_ > 0) return static_cast<int>(digits_.size());
  const std::size_t last = digits_.find_last_not_of('0');
  return last == std::string::npos ? 1 : static_cast<int>(last + 1);
}

std::string Decimal::ToString() const {
  std::string out = negative_ ? "-" : "";
  if (scale_ == 0) return out + digits_;
  const auto size = static_cast<int>(digits_.size());
  if (size <= scale_) {
    out += "0.";
    out.append(static_cast<std::size_t>(scale_ - size), '0');
    return out + digits_;
  }
  out += digits_.substr(0, static_cast<std::size_t>(size - scale_));
  out += '.';
  return out + digits_.substr(static_cast<std::size_t>(size - scale_));
}

Decimal Decimal::Rounded(int scale) const {
  if (scale < 0) scale = 0;
  if (scale >= scale_) return *this;
  // Drop (scale_ - scale) digits, rounding half away from zero.
  const BigInt value(digits_);
  BigInt divisor = 1;
  for (int k = 0; k < scale_ - scale; ++k) divisor *= 10;
  return Decimal(negative_, DivideRounded(value, divisor).str(), scale);
}

std::string Decimal::ToFixed(int scale) const {
  if (scale < 0) scale = 0;
  const Decimal r = Rounded(scale);
  std::string out = r.ToString();
  if (scale == 0) return out;
  const std::size_t point = out.find('.');
  if (point == std::string::npos) {
    out += '.';
    out.append(static_cast<std::size_t>(scale), '0');
  } else {
    out.append(static_cast<std::size_t>(scale) - (out.size() - point - 1), '0');
  }
  return out;
}

Result<Decimal> Decimal::PercentChange(const Decimal& from, const Decimal& to, int scale) {
  if (from.IsZero() || from.negative_) {
    return Fail(Errc::kInvalidArgument, "a change needs a positive starting value");
  }
  if (scale < 0) scale = 0;
  const int common = std::max(from.scale_, to.scale_);
  const BigInt a = ScaledInteger(from.digits_, common - from.scale_);
  BigInt b = ScaledInteger(to.digits_, common - to.scale_);
  if (to.negative_) b = -b;
  BigInt diff = b - a;
  const bool negative = diff < 0;
  if (negative) diff = -diff;
  // diff / a * 100, kept to `scale` digits: multiply by 10^(scale + 2) first.
  BigInt numerator = diff;
  for (int k = 0; k < scale + 2; ++k) numerator *= 10;
  return Decimal(negative, DivideRounded(numerator, a).str(), scale);
}

Decimal Decimal::MovedBy(int basis_points, int scale) const {
  if (scale < 0) scale = 0;
  // digits_ * 10^-scale_ * (10000 + bp) / 10000, expressed with `scale` digits:
  // digits_ * (10000 + bp) * 10^scale / (10^scale_ * 10000).
  BigInt numerator = BigInt(digits_) * (10000 + basis_points);
  for (int k = 0; k < scale; ++k) numerator *= 10;
  BigInt denominator = 10000;
  for (int k = 0; k < scale_; ++k) denominator *= 10;
  const bool negative = (numerator < 0) != negative_;
  if (numerator < 0) numerator = -numerator;
  return Decimal(negative, DivideRounded(numerator, denominator).str(), scale);
}

std::optional<Decimal> Decimal::Median(std::vector<Decimal>& values, int scale) {
  if (values.empty()) return std::nullopt;
  if (scale < 0) scale = 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  if (values.size() % 2 == 1) return values[mid].Rounded(scale);
  // (a + b) / 2 on integers scaled to the larger of the two scales, then to `scale`.
  const Decimal& a = values[mid - 1];
  const Decimal& b = values[mid];
  const int common = std::max(a.scale_, b.scale_);
  BigInt x = ScaledInteger(a.digits_, common - a.scale_);
  BigInt y = ScaledInteger(b.digits_, common - b.scale_);
  if (a.negative_) x = -x;
  if (b.negative_) y = -y;
  BigInt sum = x + y;
  const bool negative = sum < 0;
  if (negative) sum = -sum;
  BigInt denominator = 2;
  for (int k = 0; k < common; ++k) denominator *= 10;
  for (int k = 0; k < scale; ++k) sum *= 10;
  Decimal out(negative, DivideRounded(sum, denominator).str(), scale);
  return out;
}

int Decimal::Position(const Decimal& low, const Decimal& high, const Decimal& value, int steps) {
  if (!(low < high) || steps <= 0) return 0;
  if (!(low < value)) return 0;
  if (!(value < high)) return steps;
  const int common = std::max({low.scale_, high.scale_, value.scale_});
  auto integer = [common](const Decimal& d) {
    BigInt v = ScaledInteger(d.digits_, common - d.scale_);
    return d.negative_ ? BigInt(-v) : v;
  };
  const BigInt lo = integer(low);
  const BigInt span = integer(high) - lo;
  const BigInt offset = (integer(value) - lo) * steps;
  return static_cast<int>(DivideRounded(offset, span));
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.negative_ != b.negative_) {
    return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  const int common = std::max(a.scale_, b.scale_);
  const BigInt x = ScaledInteger(a.digits_, common - a.scale_);
  const BigInt y = ScaledInteger(b.digits_, common - b.scale_);
  std::strong_ordering magnitude = x == y  ? std::strong_ordering::equal
                                   : x < y ? std::strong_ordering::less
                                           : std::strong_ordering::greater;
  if (!a.negative_) return magnitude;
  return 0 <=> magnitude;
}

}  // namespace plaza::markets
