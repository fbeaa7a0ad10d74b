#include "app/jobs_command.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/command_flags.hpp"
#include "core/utf8.hpp"

namespace plaza {
namespace {

constexpr int kDefaultListLimit = 50;
constexpr std::size_t kMaxErrorColumn = 60;  // code points of last_error shown by `list`
constexpr std::size_t kMaxKindBytes = 200;
constexpr std::string_view kDefaultPurgeAge = "7d";

using config::FlagSpec;

constexpr FlagSpec kListOptions[] = {
    {"--state", "S", "queued, running, done or dead"},
    {"--kind", "K", "only jobs of this kind (e.g. summary)"},
    {"--limit", "N", "at most N jobs, newest first (1-1000, default 50)"},
    {"--before", "ID", "only jobs older than job ID (the next page)"},
};
constexpr FlagSpec kRetryOptions[] = {
    {"--dead", "", "queue every dead job again (instead of one ID)"},
    {"--kind", "K", "with --dead: only dead jobs of this kind"},
};
constexpr FlagSpec kPurgeOptions[] = {
    {"--state", "S", "only done or only dead jobs (default: both)"},
    {"--older-than", "AGE", "last updated longer ago than AGE: 45s, 30m, 12h, 7d (default 7d)"},
};

struct Subcommand {
  std::string_view name;
  std::string_view usage;  // after "plaza jobs "
  std::string_view summary;
  std::span<const FlagSpec> options;

  // Its own options and the store's.
  std::vector<FlagSpec> Flags() const {
    std::vector<FlagSpec> flags(options.begin(), options.end());
    flags.insert(flags.end(), std::begin(kStoreFlags), std::end(kStoreFlags));
    return flags;
  }
};

const Subcommand kSubcommands[] = {
    {"list", "list [options]", "list jobs, newest first", kListOptions},
    {"counts", "counts [options]", "count jobs by kind and state", {}},
    {"recurring",
     "recurring [options]",
     "list recurring job kinds: period, last run, its state, next run",
     {}},
    {"retry", "retry ID | retry --dead [--kind K] [options]",
     "queue a dead job again now, with its attempts reset (or every dead job)", kRetryOptions},
    {"purge", "purge [--state done|dead] [--older-than AGE] [options]",
     "delete done and dead jobs last updated longer ago than AGE", kPurgeOptions},
};

void PrintJobsUsage(std::FILE* out) {
  std::fprintf(out, "usage: plaza jobs <subcommand> [options]\n\nsubcommands:\n");
  for (const auto& s : kSubcommands) {
    std::fprintf(out, "  %-9s %s\n", std::string(s.name).c_str(), std::string(s.summary).c_str());
  }
  std::fprintf(out, "\n`plaza jobs <subcommand> --help` lists its options; docs/jobs.md.\n");
}

void PrintSubcommandHelp(const Subcommand& sub) {
  std::printf("usage: plaza jobs %s\n\n%s\n\noptions:\n%s", std::string(sub.usage).c_str(),
              std::string(sub.summary).c_str(), config::FlagHelp(sub.Flags()).c_str());
}

struct Request {
  const Subcommand* sub = nullptr;
  Config config;
  std::optional<JobState> state;
  std::optional<std::string> kind;
  int limit = kDefaultListLimit;
  std::optional<std::int64_t> before;
  std::optional<std::int64_t> id;  // retry ID
  bool dead = false;               // retry --dead
  std::int64_t older_than_us = 0;  // purge
  bool help = false;               // --help: nothing else was read
};

std::unexpected<Error> Usage(std::string message) {
  return Fail(Errc::kInvalidArgument, std::move(message));
}

Result<std::int64_t> ParsePositive(std::string_view what, std::string_view text, std::int64_t max) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > max) {
    return Usage(fmt::format("{} must be a whole number from 1 to {}, not '{}'", what, max,
                             text::ToValidUtf8(text)));
  }
  return n;
}

Status ApplyOption(Request& req, std::string_view name, const std::string& value) {
  if (name == "--state") {
    auto state = ParseJobState(value);
    if (!state) {
      return Usage("unknown state '" + text::ToValidUtf8(value) +
                   "' (queued, running, done or dead)");
    }
    req.state = state;
  } else if (name == "--kind") {
    if (value.empty() || value.size() > kMaxKindBytes || !text::IsValidUtf8(value)) {
      return Usage("--kind needs a job kind such as summary");
    }
    req.kind = value;
  } else if (name == "--limit") {
    auto n = ParsePositive("--limit", value, 1000);
    if (!n) return std::unexpected(n.error());
    req.limit = static_cast<int>(*n);
  } else if (name == "--before") {
    auto n = ParsePositive("--before", value, INT64_MAX);
    if (!n) return std::unexpected(n.error());
    req.before = *n;
  } else if (name == "--dead") {
    req.dead = true;
  } else if (name == "--older-than") {
    auto age = ParseJobAge(value);
    if (!age) return std::unexpected(age.error());
    req.older_than_us = *age;
  }
  return {};
}

// Settings: defaults, then the --config file, then PLAZA_* variables, then the flags (the same
// order as every other command).
Result<Request> Parse(const Subcommand& sub, std::span<char* const> args) {
  Request req;
  req.sub = &sub;
  auto default_age = ParseJobAge(kDefaultPurgeAge);
  req.older_than_us = *default_age;
  const std::vector<FlagSpec> specs = sub.Flags();
  auto flags = config::ParseFlags(args, specs, /*allow_positional=*/true);
  if (!flags) return std::unexpected(flags.error());
  if (flags->help) {
    req.help = true;
    return req;
  }
  for (const auto& [flag, value] : flags->values) {
    if (!flag->key.empty() || flag->name == kConfigFlag.name) continue;
    if (auto st = ApplyOption(req, flag->name, value); !st) return std::unexpected(st.error());
  }
  const std::vector<std::string>& positional = flags->positional;

  if (sub.name == "retry") {
    if (req.dead == !positional.empty() || positional.size() > 1) {
      return Usage("retry takes one job ID or --dead");
    }
    if (req.kind && !req.dead) return Usage("--kind goes with --dead");
    if (!positional.empty()) {
      auto id = ParsePositive("a job ID", positional[0], INT64_MAX);
      if (!id) return std::unexpected(id.error());
      req.id = *id;
    }
  } else if (!positional.empty()) {
    return Usage("unexpected argument '" + text::ToValidUtf8(positional[0]) + "'");
  }
  if (sub.name == "purge" && req.state && *req.state != JobState::kDone &&
      *req.state != JobState::kDead) {
    return Usage("purge deletes done or dead jobs only");
  }

  auto config = LoadConfig(*flags, ProcessEnvironment());
  if (!config) return std::unexpected(config.error());
  req.config = std::move(*config);
  return req;
}

// Text from the queue (kinds, errors from remote engines) made safe for a terminal: valid
// UTF-8, control characters (escape sequences included) shown as spaces, at most `max` code
// points.
std::string Printable(std::string_view raw, std::size_t max) {
  std::string valid = text::ToValidUtf8(raw);
  std::string out;
  std::size_t shown = 0;
  std::size_t i = 0;
  while (i < valid.size()) {
    if (shown == max) {
      out += "…";
      break;
    }
    std::size_t start = i;
    char32_t cp = text::NextCodePoint(valid, i);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      out += ' ';
    } else {
      out.append(valid, start, i - start);
    }
    ++shown;
  }
  return out;
}

// Columns padded to their widest cell (in code points); the last column is not padded.
void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], text::CountCodePoints(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) {
        line.append(widths[c] - text::CountCodePoints(row[c]) + 2, ' ');
      }
    }
    std::printf("%s\n", line.c_str());
  }
}

std::string When(Timestamp t) { return t == 0 ? "-" : FormatRfc3339(t); }

int Failed(const Subcommand& sub, const std::string& message) {
  std::fprintf(stderr, "plaza jobs %s: %s\n", std::string(sub.name).c_str(), message.c_str());
  return 1;
}

int List(const Request& req, JobStore& jobs) {
  JobFilter filter;
  filter.state = req.state;
  filter.kind = req.kind;
  filter.before_id = req.before;
  filter.limit = req.limit;
  auto list = jobs.List(filter);
  if (!list) return Failed(*req.sub, list.error().message);
  if (list->empty()) {
    std::printf("no jobs\n");
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "KIND", "STATE", "ATTEMPTS", "RUN AFTER", "LEASE UNTIL", "LAST ERROR"}};
  for (const Job& job : *list) {
    rows.push_back({std::to_string(job.id), Printable(job.kind, kMaxKindBytes),
                    JobStateName(job.state), fmt::format("{}/{}", job.attempts, job.max_attempts),
                    When(job.run_after), When(job.lease_until),
                    Printable(job.last_error, kMaxErrorColumn)});
  }
  PrintTable(rows);
  if (static_cast<int>(list->size()) == req.limit) {
    std::fprintf(stderr, "(the %d newest shown; older ones: --before %lld)\n", req.limit,
                 static_cast<long long>(list->back().id));
  }
  return 0;
}

int Counts(const Request& req, JobStore& jobs) {
  auto counts = jobs.Counts();
  if (!counts) return Failed(*req.sub, counts.error().message);
  if (counts->empty()) {
    std::printf("no jobs\n");
    return 0;
  }
  constexpr JobState kColumns[] = {JobState::kQueued, JobState::kRunning, JobState::kDone,
                                   JobState::kDead};
  std::map<std::string, std::array<std::int64_t, 4>> by_kind;
  for (const JobCount& count : *counts) {
    auto& row = by_kind.try_emplace(count.kind).first->second;
    for (std::size_t i = 0; i < 4; ++i) {
      if (kColumns[i] == count.state) row[i] += count.count;
    }
  }
  std::vector<std::vector<std::string>> rows = {{"KIND", "QUEUED", "RUNNING", "DONE", "DEAD"}};
  for (const auto& [kind, row] : by_kind) {
    rows.push_back({Printable(kind, kMaxKindBytes), std::to_string(row[0]), std::to_string(row[1]),
                    std::to_string(row[2]), std::to_string(row[3])});
  }
  PrintTable(rows);
  return 0;
}

// A period in the largest unit that divides it: 45s, 30m, 12h, 7d.
std::string Period(std::int64_t period_us) {
  const std::int64_t s = period_us / kMicrosPerSecond;
  if (period_us % kMicrosPerSecond != 0) return fmt::format("{}us", period_us);
  if (s != 0 && s % 86'400 == 0) return fmt::format("{}d", s / 86'400);
  if (s != 0 && s % 3'600 == 0) return fmt::format("{}h", s / 3'600);
  if (s != 0 && s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}s", s);
}

int RecurringKinds(const Request& req, JobStore& jobs) {
  auto list = jobs.ListRecurring();
  if (!list) return Failed(*req.sub, list.error().message);
  if (list->empty()) {
    std::printf("no recurring jobs\n");
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"KIND", "EVERY", "LAST RUN", "STATE", "JOB", "NEXT RUN"}};
  for (const Recurring& r : *list) {
    const bool ran = r.period_start >= 0;
    rows.push_back({Printable(r.kind, kMaxKindBytes), Period(r.period_us),
                    ran ? FormatRfc3339(r.period_start) : "-",
                    r.job_state ? JobStateName(*r.job_state) : (ran ? "purged" : "-"),
                    r.job_state ? std::to_string(r.job_id) : "-",
                    ran ? FormatRfc3339(r.period_start + r.period_us) : "-"});
  }
  PrintTable(rows);
  return 0;
}

int Retry(const Request& req, JobStore& jobs, Timestamp now) {
  if (req.dead) {
    auto queued = jobs.RetryDead(req.kind, now);
    if (!queued) return Failed(*req.sub, queued.error().message);
    std::printf("%lld dead job%s queued again\n", static_cast<long long>(*queued),
                *queued == 1 ? "" : "s");
    return 0;
  }
  std::int64_t id = req.id.value_or(0);  // Parse() guarantees one without --dead
  auto retried = jobs.Retry(id, now);
  if (retried) {
    std::printf("job %lld queued again\n", static_cast<long long>(id));
    return 0;
  }
  if (retried.error().code == Errc::kNotFound) {
    return Failed(*req.sub, fmt::format("no job {}", id));
  }
  if (retried.error().code == Errc::kConflict) {
    auto job = jobs.Get(id);
    if (job) {
      return Failed(*req.sub, fmt::format("job {} is {}, not dead: only dead jobs are retried", id,
                                          JobStateName(job->state)));
    }
  }
  return Failed(*req.sub, retried.error().message);
}

int Purge(const Request& req, JobStore& jobs, Timestamp now) {
  Timestamp before = now - req.older_than_us;
  auto deleted = jobs.Purge(req.state, before);
  if (!deleted) return Failed(*req.sub, deleted.error().message);
  std::printf("%lld %s job%s deleted (last updated before %s)\n", static_cast<long long>(*deleted),
              req.state ? JobStateName(*req.state) : "done or dead", *deleted == 1 ? "" : "s",
              FormatRfc3339(before).c_str());
  return 0;
}

}  // namespace

Result<std::int64_t> ParseJobAge(std::string_view text) {
  constexpr std::int64_t kMaxDays = 36'500;
  auto bad = [&] {
    return Usage("'" + text::ToValidUtf8(text) +
                 "' is not an age such as 45s, 30m, 12h or 7d (a whole number and a unit)");
  };
  if (text.size() < 2) return bad();
  std::int64_t unit_us = 0;
  switch (text.back()) {
    case 's':
      unit_us = kMicrosPerSecond;
      break;
    case 'm':
      unit_us = 60 * kMicrosPerSecond;
      break;
    case 'h':
      unit_us = 3600 * kMicrosPerSecond;
      break;
    case 'd':
      unit_us = 86'400 * kMicrosPerSecond;
      break;
    default:
      return bad();
  }
  std::string_view number = text.substr(0, text.size() - 1);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc() || end != number.data() + number.size() || n < 0) return bad();
  if (n > kMaxDays * 86'400 * kMicrosPerSecond / unit_us) {
    return Usage("'" + std::string(text) + "' is longer than 100 years");
  }
  return n * unit_us;
}

int RunJobsCommand(std::span<char* const> args) {
  if (args.empty()) {
    PrintJobsUsage(stderr);
    return 2;
  }
  std::string_view name = args[0];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintJobsUsage(stdout);
    return 0;
  }
  const Subcommand* sub = nullptr;
  for (const auto& s : kSubcommands) {
    if (s.name == name) sub = &s;
  }
  if (sub == nullptr) {
    std::fprintf(stderr, "plaza jobs: unknown subcommand '%s'\n\n",
                 text::ToValidUtf8(name).c_str());
    PrintJobsUsage(stderr);
    return 2;
  }
  auto rest = args.subspan(1);
  auto req = Parse(*sub, rest);
  if (!req) {
    std::fprintf(stderr, "plaza jobs %s: %s\n", std::string(sub->name).c_str(),
                 req.error().message.c_str());
    return 2;
  }
  if (req->help) {
    PrintSubcommandHelp(*sub);
    return 0;
  }
  // Logs go to stderr: stdout carries the tables.
  auto logger = spdlog::get("plaza");
  if (!logger) logger = spdlog::stderr_color_mt("plaza");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(req->config.log.level));

  auto app = App::Open(req->config);
  if (!app) return Failed(*sub, app.error().message);
  JobStore& jobs = (*app)->store().jobs();
  Timestamp now = (*app)->clock().Now();
  if (sub->name == "list") return List(*req, jobs);
  if (sub->name == "counts") return Counts(*req, jobs);
  if (sub->name == "recurring") return RecurringKinds(*req, jobs);
  if (sub->name == "retry") return Retry(*req, jobs, now);
  return Purge(*req, jobs, now);
}

}  // namespace plaza
