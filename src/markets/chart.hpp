#pragma once

// The token page's price charts, drawn on the server as SVG (docs/markets.md): a line of the
// closing prices, the lowest and highest price on the vertical axis and UTC times on the
// horizontal one, in the reader's number and date formats. No inline styles (the CSP forbids
// them): the page's stylesheet colours the classes.

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "storage/market_store.hpp"

namespace plaza::markets {

/// Which span a chart covers, and so how its time axis is labelled.
enum class ChartSpan { kDay, kMonth };

/// What a chart says in words (already localized by the caller).
struct ChartText {
  std::string id;     // unique on the page: "chart-24h" (title and desc ids derive from it)
  std::string title;  // "TRUMP: price over the last 24 hours (UTC)"
  std::string desc;   // "Lowest 9.80, highest 11.20, last 10.87."; built by ChartDescription
  std::string axis;   // "time (UTC)"
  std::string empty;  // shown when there are fewer than two prices
};

/// The lowest, highest and last closing price of `points` formatted at `decimals` for the
/// locale, as the arguments of markets.chart_desc ("low", "high", "last"); empty without points.
struct ChartRange {
  std::string low;
  std::string high;
  std::string last;
};
ChartRange RangeOf(const std::vector<PricePoint>& points, int decimals, std::string_view locale);

/// The chart of `points` (oldest first) over [`from`, `to`]: an <svg role="img"> with <title>
/// and <desc>, price labels at `decimals` and UTC time labels in `locale`'s formats (hours and
/// minutes for kDay, day and month for kMonth). Points whose price does not parse are skipped.
std::string PriceChartSvg(const std::vector<PricePoint>& points, Timestamp from, Timestamp to,
                          ChartSpan span, int decimals, std::string_view locale,
                          const ChartText& words);

}  // namespace plaza::markets
