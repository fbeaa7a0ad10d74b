#pragma once

// The "purge" recurring job kind: deletes finished jobs once they are old (docs/jobs.md), which
// also frees their dedupe keys.

#include <cstdint>

#include "core/clock.hpp"
#include "jobs/job_runner.hpp"
#include "storage/job_store.hpp"

namespace plaza::jobs {

struct PurgeOptions {
  std::int64_t every_s = 3'600;               // period of the purge job; 0 = never purge
  std::int64_t done_after_s = 7LL * 86'400;   // done jobs older than this are deleted
  std::int64_t dead_after_s = 30LL * 86'400;  // dead jobs older than this are deleted
};

/// Deletes done jobs last updated more than done_after_s before `now`, and dead ones more than
/// max(dead_after_s, done_after_s) before; returns how many were deleted in all.
Result<std::int64_t> PurgeFinished(JobStore& store, const PurgeOptions& options, Timestamp now);

/// The "purge" kind, running PurgeFinished at the clock's time. `store` and `clock` must outlive
/// the runner it is registered with.
JobKind PurgeJobKind(JobStore& store, const Clock& clock, PurgeOptions options);

/// Registers PurgeJobKind with `runner` as recurring every options.every_s seconds; does
/// nothing when every_s is 0.
Status RegisterPurge(JobRunner& runner, JobStore& store, const Clock& clock, PurgeOptions options);

}  // namespace plaza::jobs
