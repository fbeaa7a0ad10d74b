#include "rewards/amount.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace plaza::rewards {
namespace {

TEST(ParseAmount, ReadsDecimalsAsMinorUnits) {
  EXPECT_EQ(*ParseAmount("12.50", 2), 1'250);
  EXPECT_EQ(*ParseAmount("12.5", 2), 1'250);
  EXPECT_EQ(*ParseAmount("12", 2), 1'200);
  EXPECT_EQ(*ParseAmount("0.01", 2), 1);
  EXPECT_EQ(*ParseAmount("1.000001", 6), 1'000'001);
  EXPECT_EQ(*ParseAmount("7", 0), 7);
  EXPECT_EQ(*ParseAmount("007.10", 2), 710);
}

TEST(ParseAmount, ReadsTheLargestAmountAndRefusesOneMore) {
  EXPECT_EQ(*ParseAmount("92233720368547758.07", 2), std::numeric_limits<std::int64_t>::max());
  auto over = ParseAmount("92233720368547758.08", 2);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().message, "amount is too large");
}

struct BadAmount {
  const char* text;
  const char* message;
};

class ParseAmountRefuses : public ::testing::TestWithParam<BadAmount> {};

TEST_P(ParseAmountRefuses, NamingTheProblem) {
  auto parsed = ParseAmount(GetParam().text, 2);
  ASSERT_FALSE(parsed) << GetParam().text;
  EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(parsed.error().field, "amount");
  EXPECT_EQ(parsed.error().message, GetParam().message);
}

// The issue's list of bad amounts, and a few neighbours.
INSTANTIATE_TEST_SUITE_P(
    IssueList, ParseAmountRefuses,
    ::testing::Values(
        BadAmount{"-1", "amount must be a positive number without a sign"},
        BadAmount{"+1", "amount must be a positive number without a sign"},
        BadAmount{"0", "amount must be greater than zero"},
        BadAmount{"0.00", "amount must be greater than zero"},
        BadAmount{"1e3", "amount must be written in plain digits, without an exponent"},
        BadAmount{"0.001", "amount has more than 2 decimals for this asset"},
        BadAmount{"99999999999999999999", "amount is too large"},
        BadAmount{" 1", "amount must not contain spaces"},
        BadAmount{"1 ", "amount must not contain spaces"},
        BadAmount{"1,5", "amount must use '.' as its decimal separator, not ','"},
        BadAmount{"NaN", "amount is not a number"}, BadAmount{"", "amount is empty"},
        BadAmount{".5", "amount is not a number"}, BadAmount{"5.", "amount is not a number"},
        BadAmount{"1.2.3", "amount is not a number"}, BadAmount{"0x10", "amount is not a number"}));

TEST(ParseAmount, TakesASignOnlyWhenAskedTo) {
  EXPECT_EQ(*ParseAmount("-2.50", 2, AmountSign::kNonZero), -250);
  EXPECT_FALSE(ParseAmount("-0", 2, AmountSign::kNonZero));
  EXPECT_FALSE(ParseAmount("+2", 2, AmountSign::kNonZero));
}

TEST(FormatAmount, WritesExactlyTheAssetsDecimals) {
  EXPECT_EQ(FormatAmount(1'250, 2), "12.50");
  EXPECT_EQ(FormatAmount(5, 2), "0.05");
  EXPECT_EQ(FormatAmount(0, 2), "0.00");
  EXPECT_EQ(FormatAmount(-250, 2), "-2.50");
  EXPECT_EQ(FormatAmount(1, 6), "0.000001");
  EXPECT_EQ(FormatAmount(42, 0), "42");
  EXPECT_EQ(FormatAmount(std::numeric_limits<std::int64_t>::min(), 2), "-92233720368547758.08");
}

TEST(FormatAmount, RoundTripsThroughParse) {
  for (std::int64_t minor : {1LL, 99LL, 100LL, 123'456'789LL}) {
    EXPECT_EQ(*ParseAmount(FormatAmount(minor, 2), 2), minor);
  }
}

TEST(FeeOf, RoundsDownAndNeverOverflows) {
  EXPECT_EQ(FeeOf(1'000, 250), 25);
  EXPECT_EQ(FeeOf(199, 100), 1);  // 1.99 -> 1
  EXPECT_EQ(FeeOf(99, 100), 0);
  EXPECT_EQ(FeeOf(1'000, 0), 0);
  EXPECT_EQ(FeeOf(1'000, 10'000), 1'000);
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(FeeOf(max, 10'000), max);
  EXPECT_EQ(FeeOf(max, 5'000), max / 2);
}

}  // namespace
}  // namespace plaza::rewards
