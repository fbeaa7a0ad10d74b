#pragma once

// ROUGE-1, ROUGE-2 and ROUGE-L (summary level) for the summarizer evaluation. Both systems of
// the comparison are scored by this code.

#include <string>
#include <string_view>
#include <vector>

namespace plaza::bench {

/// One summary: its sentences, each as tokens.
using TokenizedSummary = std::vector<std::vector<std::string>>;

struct RougeScore {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

/// Tokens for scoring: ASCII-lower-cased runs of letters and digits (bytes above 0x7F count as
/// letters, so words of other scripts stay whole). No stemming.
std::vector<std::string> RougeTokens(std::string_view text);

/// Each sentence of `sentences` tokenized.
TokenizedSummary Tokenize(const std::vector<std::string>& sentences);

/// The reference summaries of the BBC News Summary set join their sentences without a space
/// ("...$10.9bn.For the full-year..."): a sentence ends after '.', '!' or '?' followed directly by
/// an upper-case ASCII letter or a double quote, or followed by white space.
std::vector<std::string> SplitReferenceSentences(std::string_view summary);

/// ROUGE-N: clipped n-gram overlap over each summary's tokens taken as one sequence.
RougeScore RougeN(const TokenizedSummary& candidate, const TokenizedSummary& reference, int n);

/// ROUGE-L, summary level (Lin 2004, §3.2): for every reference sentence the union of its
/// longest common subsequences with each candidate sentence; a token is counted at most as often
/// as it occurs in either summary.
RougeScore RougeL(const TokenizedSummary& candidate, const TokenizedSummary& reference);

}  // namespace plaza::bench
