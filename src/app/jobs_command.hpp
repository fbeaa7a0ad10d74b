#pragma once

// `plaza jobs`: what operators do with the durable job queue (list, count, retry, purge).

#include <cstdint>
#include <span>
#include <string_view>

#include "app/config.hpp"
#include "core/result.hpp"
#include "jobs/job_runner.hpp"

namespace plaza {

/// Runs `plaza jobs <list|counts|retry|purge> [options]`; `args` are the arguments after "jobs".
/// Results go to stdout, errors to stderr. Returns the exit code: 0, 1 for a failure (store
/// unreachable, no such job, job not dead), 2 for a usage error.
int RunJobsCommand(std::span<char* const> args);

/// "45s", "30m", "12h", "7d" (a whole number and one unit) in microseconds, up to 100 years.
/// kInvalidArgument otherwise.
Result<std::int64_t> ParseJobAge(std::string_view text);

}  // namespace plaza
