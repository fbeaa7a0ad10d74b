#pragma once

// [jobs]: the job runner's settings (docs/jobs.md), declared once.

#include "config/section.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/purge.hpp"

namespace plaza::jobs {

/// The runner's options (workers, claim batch, lease, poll, backoff) and the attempts a job
/// gets before it is dead. `plaza serve` hands the runner this struct as its RunnerOptions.
struct JobsOptions : RunnerOptions {
  int max_attempts = 5;
  // The recurring purge of finished jobs (PurgeOptions).
  std::int64_t purge_every_s = PurgeOptions{}.every_s;
  std::int64_t purge_done_after_s = PurgeOptions{}.done_after_s;
  std::int64_t purge_dead_after_s = PurgeOptions{}.dead_after_s;

  PurgeOptions purge() const { return {purge_every_s, purge_done_after_s, purge_dead_after_s}; }
};

/// The [jobs] section.
const config::Section<JobsOptions>& JobsSection();

}  // namespace plaza::jobs
