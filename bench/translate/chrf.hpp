#pragma once

// chrF as sacreBLEU defines it (Popović 2015; sacrebleu.metrics.CHRF defaults): character
// n-grams of orders 1 to 6 over code points, whitespace removed first, no word n-grams,
// beta = 2. A corpus score sums each order's counts over every sentence, averages precision and
// recall over the orders (an order with no n-gram on a side does not count), then takes F-beta.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace plaza::bench {

inline constexpr int kChrfOrder = 6;
inline constexpr double kChrfBeta = 2.0;

/// Per order (index 0 = 1-grams): n-grams in the hypotheses, in the references, matched.
struct ChrfStats {
  std::array<long long, kChrfOrder> hyp{};
  std::array<long long, kChrfOrder> ref{};
  std::array<long long, kChrfOrder> match{};
};

/// Adds one sentence pair to `stats`.
void AddChrfSentence(ChrfStats& stats, std::string_view hypothesis, std::string_view reference);
/// The score (0–100) of the counts.
double ChrfScore(const ChrfStats& stats);
/// The corpus score of hypotheses against references (same length; extra lines ignored).
double CorpusChrf(const std::vector<std::string>& hypotheses,
                  const std::vector<std::string>& references);

}  // namespace plaza::bench
