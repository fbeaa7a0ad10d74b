#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// ready: `text` is the summary; none: the revision gets no summary (too short, nothing to
/// summarize); failed: every attempt failed (the box is hidden).
enum class SummaryStatus { kReady, kNone, kFailed };

/// "ready", "none", "failed".
const char* SummaryStatusName(SummaryStatus status);

/// The summary of one revision of a post.
struct Summary {
  std::int64_t post_id = 0;
  int revision = 0;
  SummaryStatus status = SummaryStatus::kReady;
  std::string text;    // plain text, sentences separated by '\n'; empty unless ready
  std::string lang;    // content code of the summary (the post's language)
  std::string engine;  // "extractive", or "llm:<model>"
  Timestamp updated_at = 0;
};

/// Identifies the job whose work a write completes.
struct JobTicket {
  std::int64_t job_id = 0;
  std::string owner;
};

class SummaryStore {
 public:
  virtual ~SummaryStore() = default;
  /// Stores (inserts or replaces) the summary of (post_id, revision). When `completes` is given,
  /// that job is marked done in the same transaction if it is still running under that owner
  /// (if not, the summary is stored all the same: writes are idempotent). kNotFound when the
  /// post does not exist or is not live (a deleted post keeps no summaries).
  virtual Status Put(const Summary& summary, const std::optional<JobTicket>& completes) = 0;
  /// Every stored summary of a post, newest revision first (empty when none).
  virtual Result<std::vector<Summary>> ForPost(std::int64_t post_id) = 0;
};

}  // namespace plaza
