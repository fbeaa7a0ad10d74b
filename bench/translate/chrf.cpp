#include "translate/chrf.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>

namespace plaza::bench {
namespace {

// The code points of `text` without whitespace (sacreBLEU joins text.split()).
std::u32string CharsWithoutSpaces(std::string_view text) {
  std::u32string out;
  int32_t i = 0;
  const auto size = static_cast<int32_t>(text.size());
  while (i < size) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, size, c);
    if (c < 0) c = 0xFFFD;
    if (u_isUWhiteSpace(c)) continue;
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::map<std::u32string_view, long long> Ngrams(const std::u32string& chars, std::size_t n) {
  std::map<std::u32string_view, long long> counts;
  const std::u32string_view view(chars);
  for (std::size_t i = 0; i + n <= view.size(); ++i) ++counts[view.substr(i, n)];
  return counts;
}

}  // namespace

void AddChrfSentence(ChrfStats& stats, std::string_view hypothesis, std::string_view reference) {
  const std::u32string hyp = CharsWithoutSpaces(hypothesis);
  const std::u32string ref = CharsWithoutSpaces(reference);
  for (int order = 1; order <= kChrfOrder; ++order) {
    const auto hyp_counts = Ngrams(hyp, static_cast<std::size_t>(order));
    const auto ref_counts = Ngrams(ref, static_cast<std::size_t>(order));
    long long hyp_total = 0, ref_total = 0, matched = 0;
    for (const auto& [gram, count] : hyp_counts) {
      hyp_total += count;
      auto it = ref_counts.find(gram);
      if (it != ref_counts.end()) matched += std::min(count, it->second);
    }
    for (const auto& [gram, count] : ref_counts) ref_total += count;
    stats.hyp[order - 1] += hyp_total;
    stats.ref[order - 1] += ref_total;
    stats.match[order - 1] += matched;
  }
}

double ChrfScore(const ChrfStats& stats) {
  // sacreBLEU's default (eps_smoothing off, as chrF++.py does): precision and recall averaged
  // over the orders that have n-grams on both sides, then one F-beta of the averages.
  const double factor = kChrfBeta * kChrfBeta;
  double precision = 0, recall = 0;
  int effective = 0;
  for (int i = 0; i < kChrfOrder; ++i) {
    if (stats.hyp[i] == 0 || stats.ref[i] == 0) continue;
    precision += static_cast<double>(stats.match[i]) / static_cast<double>(stats.hyp[i]);
    recall += static_cast<double>(stats.match[i]) / static_cast<double>(stats.ref[i]);
    ++effective;
  }
  if (effective == 0) return 0.0;
  precision /= effective;
  recall /= effective;
  if (precision + recall == 0) return 0.0;
  return 100.0 * (1 + factor) * precision * recall / (factor * precision + recall);
}

double CorpusChrf(const std::vector<std::string>& hypotheses,
                  const std::vector<std::string>& references) {
  ChrfStats stats;
  const std::size_t n = std::min(hypotheses.size(), references.size());
  for (std::size_t i = 0; i < n; ++i) AddChrfSentence(stats, hypotheses[i], references[i]);
  return ChrfScore(stats);
}

}  // namespace plaza::bench
