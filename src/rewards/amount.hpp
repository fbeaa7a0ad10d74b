#pragma once

// Amounts of a tip asset: exact integers of minor units (PTS with 2 decimals: "12.50" is 1250).
// No floating point anywhere: text is parsed digit by digit and printed the same way.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace plaza::rewards {

/// Most decimals an asset may have (10^18 still fits an int64).
inline constexpr int kMaxDecimals = 18;

enum class AmountSign { kPositive, kNonZero };

/// `text` as minor units of an asset with `decimals` decimals: plain digits, optionally a '.'
/// followed by 1..decimals digits; with kNonZero a leading '-' too. kInvalidArgument (field
/// `field`) naming the problem: empty, spaces, a sign, an exponent, a comma, not a number, too
/// many decimals, too large for 64 bits, zero.
Result<std::int64_t> ParseAmount(std::string_view text, int decimals,
                                 AmountSign sign = AmountSign::kPositive,
                                 std::string_view field = "amount");

/// `minor` units as text with exactly `decimals` decimals: FormatAmount(1250, 2) is "12.50".
std::string FormatAmount(std::int64_t minor, int decimals);

/// The platform fee of `amount` at `bps` basis points (0..10,000), rounded down:
/// floor(amount × bps / 10,000), computed without overflow.
std::int64_t FeeOf(std::int64_t amount, int bps);

}  // namespace plaza::rewards
