#pragma once

// The summary lifecycle: the "summary" job that summarizes one revision of a post, and what a
// reader is shown while that happens. Plain synchronous C++: the job runner calls it.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "jobs/job_runner.hpp"
#include "storage/store.hpp"
#include "summarize/summarizer.hpp"
#include "summarize/summary_view.hpp"

namespace plaza::summarize {

/// "post:<id>:<revision>" → {id, revision}; kInvalidArgument otherwise.
Result<std::pair<std::int64_t, int>> ParseRevisionKey(std::string_view key);

/// Runs "summary" jobs with one engine.
class SummaryJobs {
 public:
  /// `on_stored` is called after every summary written (ready, none or failed): the server
  /// publishes the event and drops cached pages there. Called on job worker threads.
  SummaryJobs(Store& store, Summarizer& engine, const Clock& clock,
              std::function<void(const Summary&)> on_stored);

  /// Summarizes the job's revision and stores the result, completing the job in the same
  /// transaction. A post that is gone, or already has a newer revision (whose own job will
  /// summarize it), is completed without work. Engine failures are returned for the runner
  /// to retry with backoff.
  Result<jobs::Completion> Run(const Job& job, const JobTicket& ticket);
  /// After the last failed attempt: records the revision's summary as failed (the box is
  /// hidden) so readers no longer wait for it.
  void OnDead(const Job& job, const Error& error);
  /// This kind, for JobRunner::Register.
  jobs::JobKind Kind();

 private:
  Store& store_;
  Summarizer& engine_;
  const Clock& clock_;
  std::function<void(const Summary&)> on_stored_;
};

}  // namespace plaza::summarize
