#include "summarize/rouge.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <unordered_map>

namespace plaza::bench {
namespace {

bool IsTokenByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

RougeScore Score(double overlap, double candidate_total, double reference_total) {
  RougeScore s;
  if (candidate_total > 0) s.precision = overlap / candidate_total;
  if (reference_total > 0) s.recall = overlap / reference_total;
  if (s.precision + s.recall > 0) {
    s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  }
  return s;
}

std::vector<std::string> Flatten(const TokenizedSummary& summary) {
  std::vector<std::string> out;
  for (const auto& sentence : summary) out.insert(out.end(), sentence.begin(), sentence.end());
  return out;
}

std::map<std::vector<std::string>, int> NGrams(const std::vector<std::string>& tokens, int n) {
  std::map<std::vector<std::string>, int> grams;
  const auto size = static_cast<std::size_t>(n);
  for (std::size_t i = 0; i + size <= tokens.size(); ++i) {
    ++grams[std::vector<std::string>(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                     tokens.begin() + static_cast<std::ptrdiff_t>(i + size))];
  }
  return grams;
}

// Positions in `a` of one longest common subsequence of `a` and `b`.
std::vector<std::size_t> LcsPositions(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<int> table((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> int& { return table[i * (m + 1) + j]; };
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      at(i, j) = a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
    }
  }
  std::vector<std::size_t> positions;
  std::size_t i = n;
  std::size_t j = m;
  while (i > 0 && j > 0) {
    if (a[i - 1] == b[j - 1]) {
      positions.push_back(i - 1);
      --i;
      --j;
    } else if (at(i - 1, j) >= at(i, j - 1)) {
      --i;
    } else {
      --j;
    }
  }
  std::reverse(positions.begin(), positions.end());
  return positions;
}

}  // namespace

std::vector<std::string> RougeTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsTokenByte(static_cast<unsigned char>(text[i]))) ++i;
    std::string token;
    while (i < text.size() && IsTokenByte(static_cast<unsigned char>(text[i]))) {
      char c = text[i++];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      token.push_back(c);
    }
    if (!token.empty()) tokens.push_back(std::move(token));
  }
  return tokens;
}

TokenizedSummary Tokenize(const std::vector<std::string>& sentences) {
  TokenizedSummary out;
  for (const auto& s : sentences) out.push_back(RougeTokens(s));
  return out;
}

std::vector<std::string> SplitReferenceSentences(std::string_view summary) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto emit = [&](std::size_t end) {
    std::string_view s = summary.substr(start, end - start);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r')) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r')) {
      s.remove_suffix(1);
    }
    if (!s.empty()) out.emplace_back(s);
    start = end;
  };
  for (std::size_t i = 0; i + 1 < summary.size(); ++i) {
    const char c = summary[i];
    if (c != '.' && c != '!' && c != '?') continue;
    const char next = summary[i + 1];
    if ((next >= 'A' && next <= 'Z') || next == '"' || next == ' ' || next == '\n') emit(i + 1);
  }
  emit(summary.size());
  return out;
}

RougeScore RougeN(const TokenizedSummary& candidate, const TokenizedSummary& reference, int n) {
  const auto cand = NGrams(Flatten(candidate), n);
  const auto ref = NGrams(Flatten(reference), n);
  double overlap = 0;
  double cand_total = 0;
  double ref_total = 0;
  for (const auto& [gram, count] : cand) {
    cand_total += count;
    if (auto it = ref.find(gram); it != ref.end()) overlap += std::min(count, it->second);
  }
  for (const auto& [gram, count] : ref) ref_total += count;
  return Score(overlap, cand_total, ref_total);
}

RougeScore RougeL(const TokenizedSummary& candidate, const TokenizedSummary& reference) {
  std::unordered_map<std::string, int> cand_left;
  std::unordered_map<std::string, int> ref_left;
  double cand_total = 0;
  double ref_total = 0;
  for (const auto& s : candidate) {
    for (const auto& t : s) ++cand_left[t];
    cand_total += static_cast<double>(s.size());
  }
  for (const auto& s : reference) {
    for (const auto& t : s) ++ref_left[t];
    ref_total += static_cast<double>(s.size());
  }
  double hits = 0;
  for (const auto& ref_sentence : reference) {
    std::vector<bool> in_union(ref_sentence.size(), false);
    for (const auto& cand_sentence : candidate) {
      for (std::size_t p : LcsPositions(ref_sentence, cand_sentence)) in_union[p] = true;
    }
    for (std::size_t p = 0; p < ref_sentence.size(); ++p) {
      if (!in_union[p]) continue;
      const std::string& token = ref_sentence[p];
      int& c = cand_left[token];
      int& r = ref_left[token];
      if (c > 0 && r > 0) {
        --c;
        --r;
        ++hits;
      }
    }
  }
  return Score(hits, cand_total, ref_total);
}

}  // namespace plaza::bench
