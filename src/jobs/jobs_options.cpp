#include "jobs/jobs_options.hpp"

namespace plaza::jobs {

const config::Section<JobsOptions>& JobsSection() {
  constexpr std::int64_t kDay = 86'400'000;
  constexpr std::int64_t kYearS = 366LL * 86'400;
  static const auto section =
      config::Section<JobsOptions>("jobs", "background jobs (summaries, ...): docs/jobs.md")
          .Integer("workers", &JobsOptions::workers, 0, 64,
                   "job runner threads per instance; 0 = this instance only serves (another "
                   "instance on the same PostgreSQL runs jobs)")
          .Integer("claim_batch", &JobsOptions::claim_batch, 1, 1000,
                   "jobs a worker claims at once")
          .Integer("lease_ms", &JobsOptions::lease_ms, 1'000, kDay,
                   "a claimed job's lease, renewed every lease_ms/3 while held; a job whose "
                   "worker dies is claimed again once it runs out")
          .Integer("poll_ms", &JobsOptions::poll_ms, 10, 3'600'000,
                   "idle wait before looking for jobs again (new jobs wake the workers at once)")
          .Integer("backoff_base_ms", &JobsOptions::backoff_base_ms, 0, kDay,
                   "retry delay after the first failure, doubled after each one")
          .Integer("backoff_max_ms", &JobsOptions::backoff_max_ms, 0, kDay,
                   "longest retry delay (each delay varies by up to 20 %)")
          .Integer("max_attempts", &JobsOptions::max_attempts, 1, 100,
                   "attempts before a job is dead (`plaza jobs retry` revives it)")
          .Integer("purge_every_s", &JobsOptions::purge_every_s, 0, kYearS,
                   "period of the recurring purge of finished jobs; 0 = never purge")
          .Integer("purge_done_after_s", &JobsOptions::purge_done_after_s, 60, 10 * kYearS,
                   "the purge deletes done jobs last updated longer ago than this (their dedupe "
                   "keys are free again)")
          .Integer("purge_dead_after_s", &JobsOptions::purge_dead_after_s, 60, 10 * kYearS,
                   "the purge deletes dead jobs last updated longer ago than this (keep it long "
                   "enough for an operator to inspect and retry them; never shorter than "
                   "purge_done_after_s)");
  return section;
}

}  // namespace plaza::jobs
