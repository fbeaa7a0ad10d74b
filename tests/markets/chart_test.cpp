// The token page's SVG charts: accessible (title and desc), no inline style (the CSP forbids
// it), prices and UTC times in the reader's formats, points placed on integers.

#include "markets/chart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace plaza::markets {
namespace {

constexpr Timestamp kMinute = 60 * kMicrosPerSecond;
// 2026-12-06T00:00:00Z
constexpr Timestamp kMidnight = 1'796'515'200LL * kMicrosPerSecond;

ChartText Words() {
  return ChartText{"chart-24h", "TRUMP: price over the last 24 hours (UTC)",
                   "Lowest 10, highest 12, last 11.", "time (UTC)", "no price yet"};
}

std::vector<PricePoint> ThreePoints() {
  return {PricePoint{kMidnight, "10", "10"}, PricePoint{kMidnight + 12 * 60 * kMinute, "12", "12"},
          PricePoint{kMidnight + 24 * 60 * kMinute, "11", "11.5"}};
}

TEST(PriceChart, IsAnAccessibleImageWithoutInlineStyle) {
  const std::string svg = PriceChartSvg(ThreePoints(), kMidnight, kMidnight + 24 * 60 * kMinute,
                                        ChartSpan::kDay, 2, "en", Words());
  EXPECT_EQ(svg.rfind("<svg class=\"chart\" id=\"chart-24h\"", 0), 0u) << svg;
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"chart-24h-title chart-24h-desc\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title id=\"chart-24h-title\">TRUMP: price over the last 24 hours (UTC)"),
            std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"chart-24h-desc\">Lowest 10"), std::string::npos);
  EXPECT_EQ(svg.find("style"), std::string::npos);
  EXPECT_NE(svg.find(">time (UTC)</text>"), std::string::npos);
  EXPECT_NE(svg.find("data-points=\"3\""), std::string::npos);
  // The line: left edge at the lowest price (bottom), the middle at the highest (top).
  EXPECT_NE(svg.find("d=\"M96 184L362 16L628 58\""), std::string::npos) << svg;
}

TEST(PriceChart, LabelsPricesAndUtcTimesInTheLocalesFormats) {
  const std::vector<PricePoint> points{PricePoint{kMidnight, "67012.5", "67012.5"},
                                       PricePoint{kMidnight + kMinute, "68000", "68000.25"}};
  const std::string fr = PriceChartSvg(points, kMidnight, kMidnight + 24 * 60 * kMinute,
                                       ChartSpan::kDay, 2, "fr", Words());
  EXPECT_NE(fr.find(">67\u202f012,50</text>"), std::string::npos) << fr;
  EXPECT_NE(fr.find(">68\u202f000,25</text>"), std::string::npos) << fr;
  EXPECT_NE(fr.find(">00:00</text>"), std::string::npos) << "UTC midnight, 24-hour clock";
  EXPECT_NE(fr.find(">12:00</text>"), std::string::npos);
  const std::string month = PriceChartSvg(points, kMidnight - 30 * 24 * 60 * kMinute, kMidnight,
                                          ChartSpan::kMonth, 2, "fr", Words());
  EXPECT_NE(month.find(">6 déc.</text>"), std::string::npos) << month;
  EXPECT_NE(month.find(">6 nov.</text>"), std::string::npos) << month;
}

TEST(PriceChart, SaysSoWithFewerThanTwoPrices) {
  const std::string svg =
      PriceChartSvg({PricePoint{kMidnight, "1", "1"}}, kMidnight, kMidnight + 60 * kMinute,
                    ChartSpan::kDay, 2, "en", Words());
  EXPECT_NE(svg.find("class=\"chart-empty\""), std::string::npos);
  EXPECT_NE(svg.find(">no price yet</text>"), std::string::npos);
  EXPECT_EQ(svg.find("chart-line"), std::string::npos);
}

TEST(PriceChart, RangeIsTheLowestHighestAndLastClose) {
  const ChartRange range = RangeOf(ThreePoints(), 2, "en");
  EXPECT_EQ(range.low, "10.00");
  EXPECT_EQ(range.high, "12.00");
  EXPECT_EQ(range.last, "11.50");
  EXPECT_TRUE(RangeOf({}, 2, "en").last.empty());
}

}  // namespace
}  // namespace plaza::markets
