#include "jobs/purge.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace plaza::jobs {

Result<std::int64_t> PurgeFinished(JobStore& store, const PurgeOptions& options, Timestamp now) {
  auto done = store.Purge(JobState::kDone, now - options.done_after_s * 1'000'000);
  if (!done) return std::unexpected(done.error());
  // A dead job is never purged sooner than a done one.
  const std::int64_t dead_after_s = std::max(options.dead_after_s, options.done_after_s);
  auto dead = store.Purge(JobState::kDead, now - dead_after_s * 1'000'000);
  if (!dead) return std::unexpected(dead.error());
  return *done + *dead;
}

JobKind PurgeJobKind(JobStore& store, const Clock& clock, PurgeOptions options) {
  return JobKind{
      .kind = "purge",
      .run = [&store, &clock, options](const Job&, const JobTicket&) -> Result<Completion> {
        auto purged = PurgeFinished(store, options, clock.Now());
        if (!purged) return std::unexpected(purged.error());
        if (*purged > 0) spdlog::info("purged {} finished jobs", *purged);
        return Completion::kDone;
      },
      .on_dead = {},
  };
}

Status RegisterPurge(JobRunner& runner, JobStore& store, const Clock& clock, PurgeOptions options) {
  if (options.every_s == 0) return {};
  const std::int64_t every_s = options.every_s;
  return runner.RegisterRecurring(PurgeJobKind(store, clock, options), every_s);
}

}  // namespace plaza::jobs
