#include "markets/decimal.hpp"

#include <gtest/gtest.h>

#include <string>

#include "markets/number_format.hpp"

namespace plaza::markets {
namespace {

Decimal D(const char* text) {
  auto d = Decimal::Parse(text);
  EXPECT_TRUE(d) << text;
  return d ? *d : Decimal();
}

TEST(Decimal, ReadsAndWritesPlainNumbers) {
  EXPECT_EQ(D("67012.50").ToString(), "67012.5");
  EXPECT_EQ(D("-0.00012").ToString(), "-0.00012");
  EXPECT_EQ(D("+1.5").ToString(), "1.5");
  EXPECT_EQ(D("000123").ToString(), "123");
  EXPECT_EQ(D("1e-8").ToString(), "0.00000001");
  EXPECT_EQ(D("2.5E+3").ToString(), "2500");
  EXPECT_EQ(D("-0").ToString(), "0");
  EXPECT_EQ(D(".5").ToString(), "0.5");
}

TEST(Decimal, KeepsThirtyDecimalsExactly) {
  const std::string thirty = "0.000000000000000000000000000001";
  EXPECT_EQ(D(thirty.c_str()).ToString(), thirty);
  EXPECT_EQ(D("1.123456789012345678901234567891").ToString(), "1.123456789012345678901234567891");
}

TEST(Decimal, RefusesWhatIsNotAFiniteDecimal) {
  for (const char* bad : {"", "NaN", "nan", "inf", "-Infinity", "0x10", " 1", "1 ", "1,5", "--1",
                          "1e", "e5", ".", "1.2.3", "\xEF\xBC\x91"}) {
    auto d = Decimal::Parse(bad);
    EXPECT_FALSE(d) << bad;
    if (!d) {
      EXPECT_EQ(d.error().code, Errc::kInvalidArgument);
    }
  }
}

TEST(Decimal, RefusesMoreThanThirtyEightSignificantDigits) {
  const std::string d38 = "12345678901234567890123456789012345678";
  EXPECT_TRUE(Decimal::Parse(d38));
  EXPECT_TRUE(Decimal::Parse("0.000" + d38));
  EXPECT_FALSE(Decimal::Parse(d38 + "9"));
  EXPECT_FALSE(Decimal::Parse("1234567890123456789012345678901234567890"));  // 40 digits
  EXPECT_FALSE(Decimal::Parse("1.234567890123456789012345678901234567890"));
  EXPECT_FALSE(Decimal::Parse("1e200"));
}

TEST(Decimal, RoundsHalfAwayFromZero) {
  EXPECT_EQ(D("1.005").ToFixed(2), "1.01");
  EXPECT_EQ(D("-1.005").ToFixed(2), "-1.01");
  EXPECT_EQ(D("1.004").ToFixed(2), "1.00");
  EXPECT_EQ(D("1.5").ToFixed(0), "2");
  EXPECT_EQ(D("-0.001").ToFixed(2), "0.00");
  EXPECT_EQ(D("99.999").ToFixed(2), "100.00");
  EXPECT_EQ(D("7").ToFixed(3), "7.000");
}

TEST(Decimal, ComparesByValue) {
  EXPECT_EQ(D("1.50"), D("1.5"));
  EXPECT_LT(D("-2"), D("-1.5"));
  EXPECT_LT(D("0.000000000000000000000000000001"), D("0.00000000000000000000000000001"));
  EXPECT_GT(D("10"), D("9.999999"));
}

TEST(Decimal, ComputesPercentChangesExactly) {
  EXPECT_EQ(Decimal::PercentChange(D("100"), D("112.3"), 2)->ToString(), "12.3");
  EXPECT_EQ(Decimal::PercentChange(D("3"), D("2"), 4)->ToString(), "-33.3333");
  EXPECT_EQ(Decimal::PercentChange(D("0.000000000000000000000000000001"),
                                   D("0.000000000000000000000000000002"), 2)
                ->ToString(),
            "100");
  EXPECT_FALSE(Decimal::PercentChange(D("0"), D("1"), 2));
  EXPECT_FALSE(Decimal::PercentChange(D("-1"), D("1"), 2));
}

TEST(Decimal, MovesByBasisPoints) {
  EXPECT_EQ(D("100").MovedBy(40, 2).ToString(), "100.4");
  EXPECT_EQ(D("100").MovedBy(-40, 2).ToString(), "99.6");
  EXPECT_EQ(D("0.16210").MovedBy(1, 6).ToString(), "0.162116");
}

// Per locale, through ICU from the decimal string: nothing passes through a double, so 38
// digits survive.
TEST(Decimal, TakesTheMedianExactly) {
  std::vector<Decimal> none;
  EXPECT_FALSE(Decimal::Median(none, 2));
  std::vector<Decimal> odd{D("12.3"), D("-4"), D("0.5")};
  EXPECT_EQ(Decimal::Median(odd, 2)->ToFixed(2), "0.50");
  std::vector<Decimal> even{D("10"), D("-3"), D("1.01"), D("2")};
  EXPECT_EQ(Decimal::Median(even, 2)->ToFixed(2), "1.51");  // (1.01 + 2) / 2 = 1.505, up
  std::vector<Decimal> negative{D("-1.01"), D("-2")};
  EXPECT_EQ(Decimal::Median(negative, 2)->ToFixed(2), "-1.51");  // half away from zero
}

TEST(Decimal, PlacesAValueBetweenTwoOthersOnIntegers) {
  EXPECT_EQ(Decimal::Position(D("10"), D("20"), D("15"), 100), 50);
  EXPECT_EQ(Decimal::Position(D("10"), D("20"), D("10"), 100), 0);
  EXPECT_EQ(Decimal::Position(D("10"), D("20"), D("20"), 100), 100);
  EXPECT_EQ(Decimal::Position(D("10"), D("20"), D("25"), 100), 100);  // clamped
  EXPECT_EQ(Decimal::Position(D("10"), D("10"), D("10"), 100), 0);    // no span
  EXPECT_EQ(Decimal::Position(D("0.000000000000000000000000000001"),
                              D("0.000000000000000000000000000003"),
                              D("0.000000000000000000000000000002"), 168),
            84);
}

TEST(NumberFormat, FormatsSignedPercentPerLocale) {
  EXPECT_EQ(FormatSignedPercent("en", D("0.92"), 2), "+0.92%");
  EXPECT_EQ(FormatSignedPercent("fr", D("0.92"), 2), "+0,92\u00a0%");
  EXPECT_EQ(FormatSignedPercent("fr", D("-12.345"), 2), "-12,35\u00a0%");
  EXPECT_EQ(FormatSignedPercent("de", D("0.92"), 2), "+0,92\u00a0%");
  EXPECT_EQ(FormatSignedPercent("en", D("0"), 2), "0.00%");
  EXPECT_EQ(FormatSignedPercent("ja", D("1.5"), 2), "+1.50%");
  EXPECT_EQ(FormatSignedPercent("ar", D("1.5"), 2).find("1.50"), std::string::npos)
      << "Arabic uses its own digits";
}

TEST(NumberFormat, FormatsPricesAtTheAssetsPrecision) {
  EXPECT_EQ(FormatDecimal("en", D("67012.5"), 2), "67,012.50");
  EXPECT_EQ(FormatDecimal("fr", D("67012.5"), 2), "67\u202f012,50");
  EXPECT_EQ(FormatDecimal("es", D("0.16215"), 4), "0,1622");
  EXPECT_EQ(FormatDecimal("en", D("0.000000000000000000000000000001"), 30),
            "0.000000000000000000000000000001");
  EXPECT_EQ(FormatDecimal("en", D("12345678901234567890123456789012345678"), 0),
            "12,345,678,901,234,567,890,123,456,789,012,345,678");
}

}  // namespace
}  // namespace plaza::markets
