#pragma once

// The built-in summarizer: picks the most central sentences of a post (LexRank over TF-IDF
// cosine similarity, with a mild preference for early and informative sentences), drops
// near-duplicates (MMR) and returns them in text order. Offline, every content language.

#include <cstddef>
#include <optional>
#include <string>

#include "summarize/segment.hpp"
#include "summarize/summarizer.hpp"

namespace plaza::summarize {

/// Tuning of the extractive engine. The defaults were tuned on one category of a news corpus
/// and checked on others (bench/README.md, "Summarization").
struct ExtractiveOptions {
  /// Sentences considered, the first ones of the body: similarity costs O(n²).
  std::size_t max_sentences = 300;
  /// Bytes of the body read, cut at a code point boundary (a post holds at most 50,000 code
  /// points; this bounds the cost of anything larger).
  std::size_t max_input_bytes = std::size_t{256} * 1024;
  /// Sentences with fewer words (headings, fragments, bylines) are picked only when nothing
  /// else is left.
  int min_candidate_words = 6;
  /// LexRank: the share of a sentence's score that flows from the sentences similar to it; the
  /// rest comes from the position prior.
  double damping = 0.9;
  /// Position prior: sentence i (0-based) weighs 1 / (1 + i / position_decay) in LexRank's
  /// random jump, and its final score is multiplied by 1 + position_boost times that weight.
  double position_decay = 10.0;
  double position_boost = 0.15;
  /// The final score is multiplied by 1 + title_weight × cosine(title, sentence).
  double title_weight = 0.5;
  /// ... and by (content words / mean content words) ^ length_weight: longer sentences carry
  /// more information, up to a point (the ratio is capped at 3).
  double length_weight = 0.5;
  /// MMR: relevance weight against redundancy with the sentences already picked.
  double mmr_lambda = 0.8;
  /// A sentence this similar (cosine) to one already picked is never picked with it.
  double duplicate_similarity = 0.7;
};

/// The extractive engine ("extractive"). Thread-safe: one instance serves every job worker.
class ExtractiveSummarizer final : public Summarizer {
 public:
  explicit ExtractiveSummarizer(const ExtractiveOptions& options = {});
  ~ExtractiveSummarizer() override;

  std::string Name() const override { return "extractive"; }

  /// Bodies with fewer than kMinWordsForSummary words, fewer than two sentences, or no
  /// sentence of min_candidate_words words that is prose (not code) get nullopt. Words are ICU word
  /// segments holding letters, digits, kana or ideographs (URLs, punctuation and emoji do not
  /// count); Chinese and Japanese are cut into words with ICU's dictionaries, about 1.5–2
  /// characters a word, so 80 words are about 120–160 characters there. Invalid UTF-8 is repaired
  /// (U+FFFD) and control characters read as spaces. kInvalidArgument when request.sentences is
  /// negative; kInternal when ICU lacks its data.
  Result<std::optional<SummaryOutput>> Summarize(const SummaryRequest& request) override;

  /// The language profiles this engine cuts text with (the evaluation's Lead-3 baseline splits
  /// sentences with the same ones).
  LanguageProfiles& profiles() { return profiles_; }

 private:
  ExtractiveOptions options_;
  LanguageProfiles profiles_;
};

/// `text` made safe to segment: invalid UTF-8 repaired (U+FFFD), at most `max_bytes` bytes (cut
/// at a code point boundary), "\r\n" and '\r' read as '\n', other control characters (NUL,
/// tab, ...) as spaces.
std::string CleanText(std::string_view text, std::size_t max_bytes);

}  // namespace plaza::summarize
