#pragma once

// The size limits of every text field, in one place. A field has a limit in user-perceived
// characters (grapheme clusters, what the composer's counter shows) and a byte cap beside it:
// one cluster can hold any number of combining marks, so a grapheme limit alone bounds nothing.

#include <cstddef>

namespace plaza::text {

struct TextLimit {
  std::size_t graphemes;
  std::size_t bytes;
};

/// Code points that may follow the first one in a single grapheme cluster (combining marks,
/// joiners, variation selectors). Unicode's stream-safe text format (UAX #15) allows 30
/// non-starters in a row; real text (accented letters, emoji ZWJ sequences, Indic conjuncts)
/// needs fewer than ten.
constexpr std::size_t kMaxClusterMarks = 30;

constexpr TextLimit kTitleLimit{200, 1'600};
constexpr TextLimit kDisplayNameLimit{50, 400};
constexpr TextLimit kBioLimit{160, 1'280};
constexpr TextLimit kCommentLimit{400, 3'200};

/// Post bodies are Markdown, limited in code points (at most 4 bytes each, so 200,000 bytes).
constexpr std::size_t kMaxBodyCodePoints = 50'000;

}  // namespace plaza::text
