#pragma once

// [jobs]: the job runner's settings (docs/jobs.md), declared once.

#include "config/section.hpp"
#include "jobs/job_runner.hpp"

namespace plaza::jobs {

/// The runner's options (workers, claim batch, lease, poll, backoff) and the attempts a job
/// gets before it is dead. `plaza serve` hands the runner this struct as its RunnerOptions.
struct JobsOptions : RunnerOptions {
  int max_attempts = 5;
};

/// The [jobs] section.
const config::Section<JobsOptions>& JobsSection();

}  // namespace plaza::jobs
