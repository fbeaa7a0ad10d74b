#pragma once

// What a reader is shown for a post's summary, from the summaries stored for its revisions.

#include <string>
#include <string_view>
#include <vector>

#include "storage/summary_store.hpp"

namespace plaza::summarize {

/// The job kind of summaries; one job per post revision (dedupe key "post:<id>:<revision>").
inline constexpr std::string_view kSummaryJobKind = "summary";

/// pending: no summary of any revision yet; updating: an older revision's summary is shown
/// while the current one is made; ready: the current revision's summary; none: the current
/// revision gets no summary (too short); failed: every attempt failed (the box is hidden).
enum class SummaryState { kPending, kUpdating, kReady, kNone, kFailed };

/// "pending", "updating", "ready", "none", "failed".
const char* SummaryStateName(SummaryState state);

/// What a reader is shown for a post's summary.
struct SummaryView {
  SummaryState state = SummaryState::kPending;
  std::string text;    // ready and updating: the summary, sentences separated by '\n'
  std::string lang;    // content code of the text
  std::string engine;  // "extractive" or "llm:<model>"
  int revision = 0;    // the revision `text` summarizes
};

/// The view for a post at `current_revision`, from its stored summaries (any order).
SummaryView ViewOf(int current_revision, const std::vector<Summary>& stored);

}  // namespace plaza::summarize
