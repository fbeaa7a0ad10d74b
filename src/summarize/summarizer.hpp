#pragma once

// The summarizer interface. Engines: extractive (built in, offline, every UI language) and llm
// (an OpenAI-compatible chat-completions endpoint). Plain synchronous C++: the job workers and
// `plaza summarize` call it directly.

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace plaza::summarize {

struct SummaryRequest {
  std::string title;  // plain text, may be empty
  std::string body;   // plain text (Markdown already reduced to prose), blocks separated by '\n'
  std::string lang;   // content code of the post (DESIGN.md §4), "und" when unknown
  /// 0: the engine's own choice (2–3 sentences, at most kMaxSummaryChars characters).
  /// N > 0: exactly N sentences when the text has that many (fewer otherwise), no character
  /// cap (for evaluation).
  int sentences = 0;
};

/// At most this many code points in a summary when `sentences` is 0.
inline constexpr int kMaxSummaryChars = 400;
/// Bodies with fewer words than this get no summary.
inline constexpr int kMinWordsForSummary = 80;

struct SummaryOutput {
  std::vector<std::string> sentences;  // in the order they appear in the text
  std::string lang;                    // content code of the summary
  std::string engine;                  // "extractive" or "llm:<model>"
};

class Summarizer {
 public:
  virtual ~Summarizer() = default;
  /// The engine's name for config and the command line: "extractive", "llm".
  virtual std::string Name() const = 0;
  /// nullopt when the text gets no summary (too short, nothing to summarize; not an error).
  /// Errors: kUnavailable for a failure worth retrying (timeout, HTTP 429/5xx, connection
  /// refused), kInvalidArgument / kInternal for one that is not (a malformed answer counts as
  /// retryable). Thread-safe.
  virtual Result<std::optional<SummaryOutput>> Summarize(const SummaryRequest& request) = 0;
};

}  // namespace plaza::summarize
