#include "rewards/amount.hpp"

#include <limits>

namespace plaza::rewards {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::unexpected<Error> Bad(std::string_view field, std::string message) {
  return Fail(Errc::kInvalidArgument, std::move(message), std::string(field));
}

}  // namespace

Result<std::int64_t> ParseAmount(std::string_view text, int decimals, AmountSign sign,
                                 std::string_view field) {
  const std::string name(field);
  if (decimals < 0 || decimals > kMaxDecimals) return Bad(field, name + ": unsupported asset");
  if (text.empty()) return Bad(field, name + " is empty");
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      return Bad(field, name + " must not contain spaces");
    }
  }
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    if (text.front() == '+' || sign == AmountSign::kPositive) {
      return Bad(field, name + " must be a positive number without a sign");
    }
    negative = true;
    text.remove_prefix(1);
  }
  for (char c : text) {
    if (c == 'e' || c == 'E') {
      return Bad(field, name + " must be written in plain digits, without an exponent");
    }
    if (c == ',') return Bad(field, name + " must use '.' as its decimal separator, not ','");
    if (!IsDigit(c) && c != '.') return Bad(field, name + " is not a number");
  }
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty()) ||
      fraction.find('.') != std::string_view::npos) {
    return Bad(field, name + " is not a number");
  }
  if (fraction.size() > static_cast<std::size_t>(decimals)) {
    return Bad(field, name + " has more than " + std::to_string(decimals) +
                          (decimals == 1 ? " decimal" : " decimals") + " for this asset");
  }
  // Digits of whole then fraction, padded to `decimals`: the amount in minor units.
  std::int64_t value = 0;
  const auto push = [&value](int digit) {
    return !__builtin_mul_overflow(value, std::int64_t{10}, &value) &&
           !__builtin_add_overflow(value, std::int64_t{digit}, &value);
  };
  const auto too_large = [&] { return Bad(field, name + " is too large"); };
  for (char c : whole) {
    if (!push(c - '0')) return too_large();
  }
  for (int i = 0; i < decimals; ++i) {
    const int digit = static_cast<std::size_t>(i) < fraction.size() ? fraction[i] - '0' : 0;
    if (!push(digit)) return too_large();
  }
  if (value == 0) return Bad(field, name + " must be greater than zero");
  return negative ? -value : value;
}

std::string FormatAmount(std::int64_t minor, int decimals) {
  const bool negative = minor < 0;
  // Digits of |minor| without negating it (INT64_MIN has no positive counterpart).
  std::string digits;
  std::int64_t rest = minor;
  do {
    const int digit = static_cast<int>(rest % 10);
    digits.insert(digits.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
    rest /= 10;
  } while (rest != 0);
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals)) {
      digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::int64_t FeeOf(std::int64_t amount, int bps) {
  if (amount <= 0 || bps <= 0) return 0;
  // amount × bps / 10,000 split so that no product overflows: (q·10,000 + r)·bps / 10,000.
  const std::int64_t q = amount / 10'000;
  const std::int64_t r = amount % 10'000;
  return q * bps + r * bps / 10'000;
}

}  // namespace plaza::rewards
