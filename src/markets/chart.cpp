#include "markets/chart.hpp"

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>

#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "markets/decimal.hpp"
#include "markets/number_format.hpp"
#include "text/text.hpp"

namespace plaza::markets {

namespace {

// The drawing's coordinates (viewBox units): the plot sits right of the price labels and above
// the time labels.
constexpr int kWidth = 640;
constexpr int kHeight = 240;
constexpr int kPlotLeft = 96;
constexpr int kPlotRight = 628;
constexpr int kPlotTop = 16;
constexpr int kPlotBottom = 184;
constexpr int kTimeTicks = 4;  // labelled times: both ends and three between

// A UTC time in the locale's pattern for the skeleton ("HHmm": 14:00; "dMMM": 6 déc.).
std::string TimeLabel(std::string_view locale, std::string_view skeleton, Timestamp t) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(std::string(locale), status);
  if (U_FAILURE(status)) loc = icu::Locale::getEnglish();
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::DateFormat> f(icu::DateFormat::createInstanceForSkeleton(
      icu::UnicodeString::fromUTF8(std::string(skeleton)), loc, status));
  if (U_FAILURE(status) || !f) return FormatRfc3339(t);
  f->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  icu::UnicodeString out;
  f->format(static_cast<UDate>(t / 1000), out);  // UDate: milliseconds
  std::string s;
  out.toUTF8String(s);
  return s;
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

struct Parsed {
  Timestamp at;
  Decimal close;
};

std::vector<Parsed> Closes(const std::vector<PricePoint>& points) {
  std::vector<Parsed> out;
  out.reserve(points.size());
  for (const PricePoint& p : points) {
    auto close = Decimal::Parse(p.close);
    if (close) out.push_back({p.bucket, *close});
  }
  return out;
}

}  // namespace

ChartRange RangeOf(const std::vector<PricePoint>& points, int decimals, std::string_view locale) {
  const std::vector<Parsed> closes = Closes(points);
  if (closes.empty()) return {};
  Decimal low = closes.front().close;
  Decimal high = low;
  for (const Parsed& p : closes) {
    if (p.close < low) low = p.close;
    if (high < p.close) high = p.close;
  }
  return {FormatDecimal(locale, low, decimals), FormatDecimal(locale, high, decimals),
          FormatDecimal(locale, closes.back().close, decimals)};
}

std::string PriceChartSvg(const std::vector<PricePoint>& points, Timestamp from, Timestamp to,
                          ChartSpan span, int decimals, std::string_view locale,
                          const ChartText& words) {
  const std::vector<Parsed> closes = Closes(points);
  const std::string title_id = words.id + "-title";
  const std::string desc_id = words.id + "-desc";
  std::string svg = Cat(
      {"<svg class=\"chart\" id=\"", words.id, "\" viewBox=\"0 0 ", std::to_string(kWidth), " ",
       std::to_string(kHeight), "\" role=\"img\" aria-labelledby=\"", title_id, " ", desc_id,
       "\" data-testid=\"", words.id, "\" data-points=\"", std::to_string(closes.size()), "\">"});
  svg += Cat({"<title id=\"", title_id, "\">", text::HtmlEscape(words.title), "</title>"});
  svg += Cat({"<desc id=\"", desc_id, "\">", text::HtmlEscape(words.desc), "</desc>"});
  // Axes.
  svg += Cat({"<path class=\"chart-axis\" d=\"M", std::to_string(kPlotLeft), " ",
              std::to_string(kPlotTop), "V", std::to_string(kPlotBottom), "H",
              std::to_string(kPlotRight), "\"/>"});
  // Time labels (UTC), evenly spaced over the span.
  const std::string_view skeleton = span == ChartSpan::kDay ? "HHmm" : "dMMM";
  const Timestamp width = to > from ? to - from : 1;
  for (int k = 0; k <= kTimeTicks; ++k) {
    const Timestamp t = from + width * k / kTimeTicks;
    const int x = kPlotLeft + (kPlotRight - kPlotLeft) * k / kTimeTicks;
    const char* anchor = k == 0 ? "start" : (k == kTimeTicks ? "end" : "middle");
    svg += Cat({"<text class=\"chart-label\" x=\"", std::to_string(x), "\" y=\"",
                std::to_string(kPlotBottom + 20), "\" text-anchor=\"", anchor, "\">",
                text::HtmlEscape(TimeLabel(locale, skeleton, t)), "</text>"});
  }
  svg += Cat({"<text class=\"chart-label chart-axis-name\" x=\"",
              std::to_string((kPlotLeft + kPlotRight) / 2), "\" y=\"", std::to_string(kHeight - 8),
              "\" text-anchor=\"middle\">", text::HtmlEscape(words.axis), "</text>"});
  if (closes.size() < 2) {
    svg += Cat({"<text class=\"chart-empty\" x=\"", std::to_string((kPlotLeft + kPlotRight) / 2),
                "\" y=\"", std::to_string((kPlotTop + kPlotBottom) / 2),
                "\" text-anchor=\"middle\">", text::HtmlEscape(words.empty), "</text></svg>"});
    return svg;
  }
  Decimal low = closes.front().close;
  Decimal high = low;
  for (const Parsed& p : closes) {
    if (p.close < low) low = p.close;
    if (high < p.close) high = p.close;
  }
  // Price labels: the highest at the top, the lowest at the bottom.
  svg += Cat({"<text class=\"chart-label\" x=\"", std::to_string(kPlotLeft - 6), "\" y=\"",
              std::to_string(kPlotTop + 4), "\" text-anchor=\"end\">",
              text::HtmlEscape(FormatDecimal(locale, high, decimals)), "</text>"});
  svg += Cat({"<text class=\"chart-label\" x=\"", std::to_string(kPlotLeft - 6), "\" y=\"",
              std::to_string(kPlotBottom), "\" text-anchor=\"end\">",
              text::HtmlEscape(FormatDecimal(locale, low, decimals)), "</text>"});
  // The line: x from the bucket's time, y from the price, both on integers.
  const int plot_w = kPlotRight - kPlotLeft;
  const int plot_h = kPlotBottom - kPlotTop;
  std::string d;
  for (const Parsed& p : closes) {
    const Timestamp clamped = std::clamp(p.at, from, to);
    const int x = kPlotLeft + static_cast<int>((clamped - from) * plot_w / width);
    const int y = kPlotBottom - Decimal::Position(low, high, p.close, plot_h);
    d += Cat({d.empty() ? "M" : "L", std::to_string(x), " ", std::to_string(y)});
  }
  svg += Cat({"<path class=\"chart-line\" d=\"", d, "\"/>"});
  svg += "</svg>";
  return svg;
}

}  // namespace plaza::markets
