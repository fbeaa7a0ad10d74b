#include "jobs/job_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/utf8.hpp"
#include "ops/metrics.hpp"

namespace plaza::jobs {
namespace {

constexpr double kJitterFraction = 0.2;
// Keeps microsecond arithmetic far from overflow whatever the configuration says.
constexpr std::int64_t kMaxBackoffMs = 365LL * 24 * 3600 * 1000;
constexpr std::int64_t kMaxLeaseMs = 7LL * 24 * 3600 * 1000;
constexpr int kMaxClaimBatch = 1000;
constexpr std::int64_t kMaxPeriodS = 366LL * 24 * 3600;
// A recurring job that fails is retried within its period like any job; the next period's job
// runs anyway, so few attempts are enough.
constexpr int kMaxRecurringAttempts = 3;

constexpr std::array<JobState, 4> kStates = {JobState::kQueued, JobState::kRunning, JobState::kDone,
                                             JobState::kDead};

// Handlers range from milliseconds (extractive summaries) to minutes (LLM calls).
std::vector<double> RunSecondsBuckets() {
  return {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
}

// Every state of every kind the queue holds, zeros included, so a series drops to 0 instead of
// vanishing when its last job moves on.
std::vector<ops::GaugeSample> CountSamples(JobStore& store) {
  auto counts = store.Counts();
  if (!counts) {
    spdlog::warn("plaza_jobs metric: cannot count jobs: {}", counts.error().message);
    return {};
  }
  std::map<std::string, std::array<std::int64_t, kStates.size()>> by_kind;
  for (const JobCount& count : *counts) {
    auto& row = by_kind.try_emplace(count.kind).first->second;
    for (std::size_t i = 0; i < kStates.size(); ++i) {
      if (kStates[i] == count.state) row[i] += count.count;
    }
  }
  std::vector<ops::GaugeSample> samples;
  for (const auto& [kind, row] : by_kind) {
    for (std::size_t i = 0; i < kStates.size(); ++i) {
      samples.push_back({{kind, JobStateName(kStates[i])}, static_cast<double>(row[i])});
    }
  }
  return samples;
}

// The store takes valid UTF-8 without NUL only; what handlers and exceptions report (remote
// engines' answers, what()) need be neither, and a failure must be recorded whatever it says.
std::string StorableError(const Error& error) {
  if (error.message.empty()) return ErrcName(error.code);
  std::string message = text::ToValidUtf8(error.message);
  std::replace(message.begin(), message.end(), '\0', ' ');
  return message;
}

bool IsStorableKind(std::string_view kind) {
  return text::IsValidUtf8(kind) && kind.find('\0') == std::string_view::npos;
}

RunnerOptions Sanitized(RunnerOptions options) {
  options.workers = std::max(options.workers, 1);
  options.claim_batch = std::clamp(options.claim_batch, 1, kMaxClaimBatch);
  options.lease_ms = std::clamp<std::int64_t>(options.lease_ms, 3, kMaxLeaseMs);
  options.poll_ms = std::max<std::int64_t>(options.poll_ms, 1);
  options.backoff_max_ms = std::clamp<std::int64_t>(options.backoff_max_ms, 0, kMaxBackoffMs);
  options.backoff_base_ms = std::clamp<std::int64_t>(options.backoff_base_ms, 0, kMaxBackoffMs);
  if (options.owner.empty()) options.owner = DefaultOwner();
  return options;
}

std::uint64_t SeedFor(const RunnerOptions& options) {
  if (options.seed != 0) return options.seed;
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

std::int64_t BackoffUs(int attempts, std::int64_t base_ms, std::int64_t max_ms, double jitter) {
  base_ms = std::clamp<std::int64_t>(base_ms, 0, kMaxBackoffMs);
  max_ms = std::clamp<std::int64_t>(max_ms, 0, kMaxBackoffMs);
  if (base_ms == 0 || max_ms == 0) return 0;
  std::int64_t delay_ms = std::min(base_ms, max_ms);
  for (int i = 1; i < attempts && delay_ms < max_ms; ++i) {
    delay_ms = delay_ms > max_ms / 2 ? max_ms : delay_ms * 2;
  }
  double factor = 1.0 + kJitterFraction * std::clamp(jitter, -1.0, 1.0);
  auto delay_us = static_cast<std::int64_t>(static_cast<double>(delay_ms) * 1000.0 * factor);
  return std::min(delay_us, max_ms * 1000);
}

std::string DefaultOwner() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device device;
  return fmt::format("{}:{}:{:08x}", host.data()[0] != '\0' ? host.data() : "localhost",
                     static_cast<long>(getpid()), device());
}

JobRunner::JobRunner(JobStore& store, const Clock& clock, ops::Registry* metrics,
                     RunnerOptions options)
    : store_(store),
      clock_(clock),
      options_(Sanitized(std::move(options))),
      lease_us_(options_.lease_ms * 1000),
      rng_(SeedFor(options_)) {
  if (metrics == nullptr) return;
  run_seconds_ = &metrics->AddHistogram("plaza_job_run_seconds",
                                        "Time a job handler ran, failed attempts included",
                                        {"kind"}, RunSecondsBuckets());
  failures_ = &metrics->AddCounter("plaza_job_failures_total",
                                   "Failed job attempts (errors and exceptions)", {"kind"});
  dead_ = &metrics->AddCounter("plaza_jobs_dead_total",
                               "Jobs that became dead when an attempt failed", {"kind"});
  metrics->AddGaugeSetCallback("plaza_jobs", "Jobs in the queue by kind and state",
                               {"kind", "state"}, [&store] { return CountSamples(store); });
}

JobRunner::~JobRunner() { Stop(); }

Status JobRunner::Register(JobKind kind) {
  if (kind.kind.empty() || !IsStorableKind(kind.kind)) {
    return Fail(Errc::kInvalidArgument, "a job kind needs a name of valid UTF-8", "kind");
  }
  if (!kind.run) {
    return Fail(Errc::kInvalidArgument, "job kind " + kind.kind + " has no handler", "run");
  }

  std::lock_guard lock(mu_);
  if (started_) {
    return Fail(Errc::kConflict, "job kind " + kind.kind + " registered after Start()", "kind");
  }
  if (kinds_.contains(kind.kind)) {
    return Fail(Errc::kConflict, "job kind " + kind.kind + " is registered twice", "kind");
  }
  if (run_seconds_ != nullptr) {
    // Created now so every registered kind shows its series (at 0) from the first scrape.
    kind_metrics_[kind.kind] =
        KindMetrics{&run_seconds_->WithLabels({kind.kind}), &failures_->WithLabels({kind.kind}),
                    &dead_->WithLabels({kind.kind})};
  }
  kind_names_.push_back(kind.kind);
  std::string name = kind.kind;
  kinds_.emplace(std::move(name), std::move(kind));
  return {};
}

Status JobRunner::RegisterRecurring(JobKind kind, std::int64_t every_s) {
  if (every_s < 1 || every_s > kMaxPeriodS) {
    return Fail(Errc::kInvalidArgument,
                "job kind " + kind.kind + ": a period from 1 s to 366 days is needed", "every_s");
  }
  NewRecurring recurring{kind.kind, every_s * kMicrosPerSecond, kMaxRecurringAttempts};
  if (auto registered = Register(std::move(kind)); !registered) return registered;
  std::lock_guard lock(mu_);
  recurring_.push_back(std::move(recurring));
  return {};
}

void JobRunner::Start() {
  std::lock_guard start_stop(stop_mu_);
  {
    std::lock_guard lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
  }
  heartbeat_ = std::thread([this] { HeartbeatLoop(); });
  workers_.reserve(static_cast<std::size_t>(options_.workers));
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

void JobRunner::Stop() {
  std::lock_guard start_stop(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  // Leases are renewed until the last batch is settled.
  {
    std::lock_guard lock(mu_);
    heartbeat_stopping_ = true;
  }
  cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void JobRunner::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wake_generation_;
  }
  cv_.notify_all();
}

Result<std::int64_t> JobRunner::RunPending(int max_jobs) {
  std::int64_t ran = 0;
  std::int64_t claimed = 0;  // bounds the loop even when claimed jobs are skipped
  while (claimed < max_jobs) {
    int limit = static_cast<int>(std::min<std::int64_t>(
        options_.claim_batch, static_cast<std::int64_t>(max_jobs) - claimed));
    auto batch = ClaimBatch(limit);
    if (!batch) return std::unexpected(batch.error());
    if (batch->empty()) break;
    for (const Job& job : *batch) {
      ++claimed;
      if (RunOne(job)) ++ran;
    }
  }
  return ran;
}

void JobRunner::WorkerLoop() {
  while (true) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      seen = wake_generation_;
    }
    auto batch = ClaimBatch(options_.claim_batch);
    if (!batch) {
      spdlog::error("job runner {}: cannot claim jobs: {}", options_.owner, batch.error().message);
    } else if (!batch->empty()) {
      for (const Job& job : *batch) {
        if (Stopping()) {
          GiveBack(job);  // a slow batch must not hold up shutdown
        } else {
          RunOne(job);
        }
      }
      continue;
    }
    // A Wake() since `seen` (even one during the claim above) ends the wait at once.
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                 [&] { return stopping_ || wake_generation_ != seen; });
  }
}

bool JobRunner::Stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void JobRunner::GiveBack(const Job& job) {
  auto released = store_.Release(job.id, options_.owner, clock_.Now());
  if (!released && released.error().code != Errc::kConflict) {
    // Its lease runs out and another worker (or the next start) claims it then.
    spdlog::warn("job {} ({}): cannot give it back at shutdown: {}", job.id, job.kind,
                 released.error().message);
  }
  std::lock_guard lock(mu_);
  held_.erase(job.id);
}

void JobRunner::HeartbeatLoop() {
  auto period = std::chrono::milliseconds(std::max<std::int64_t>(options_.lease_ms / 3, 1));
  std::unique_lock lock(mu_);
  while (!heartbeat_stopping_) {
    if (cv_.wait_for(lock, period, [this] { return heartbeat_stopping_; })) break;
    lock.unlock();
    HeartbeatNow();
    lock.lock();
  }
}

void JobRunner::HeartbeatNow() {
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, held] : held_) {
      if (!held.lost) ids.push_back(id);
    }
  }
  Timestamp lease_until = clock_.Now() + lease_us_;
  for (std::int64_t id : ids) {
    auto renewed = store_.Heartbeat(id, options_.owner, lease_until);
    if (renewed) continue;
    Errc code = renewed.error().code;
    if (code != Errc::kConflict && code != Errc::kNotFound) {
      // The store is unreachable for now: the next heartbeat tries again, well within the lease.
      spdlog::error("job {}: cannot renew its lease: {}", id, renewed.error().message);
      continue;
    }
    bool running = false;
    {
      std::lock_guard lock(mu_);
      auto it = held_.find(id);
      if (it == held_.end()) continue;  // settled meanwhile: nothing was lost
      running = it->second.running;
    }
    if (running) {
      // A handler that completes its job through its ticket ends the lease itself.
      auto job = store_.Get(id);
      if (job && job->state == JobState::kDone) continue;
    }
    std::string kind;
    {
      std::lock_guard lock(mu_);
      auto it = held_.find(id);
      if (it == held_.end()) continue;
      it->second.lost = true;
      kind = it->second.kind;
    }
    spdlog::warn("job {} ({}): lease lost, another worker may hold it now; {}", id, kind,
                 running ? "its result will still be written (idempotently)"
                         : "it will not be started here");
  }
}

void JobRunner::ScheduleRecurring() {
  if (recurring_.empty()) return;
  const Timestamp now = clock_.Now();
  for (const NewRecurring& recurring : recurring_) {
    const Timestamp start = RecurringPeriodStart(now, recurring.period_us);
    {
      std::lock_guard lock(mu_);
      auto seen = period_seen_.find(recurring.kind);
      if (seen != period_seen_.end() && seen->second >= start) continue;
    }
    auto enqueued = store_.EnqueueRecurring(recurring, now);
    if (!enqueued) {
      spdlog::error("job runner {}: cannot schedule recurring job {}: {}", options_.owner,
                    recurring.kind, enqueued.error().message);
      continue;
    }
    if (*enqueued) {
      spdlog::debug("job {} ({}): enqueued for the period from {}", (*enqueued)->id, recurring.kind,
                    FormatRfc3339(start));
    }
    std::lock_guard lock(mu_);
    Timestamp& seen = period_seen_[recurring.kind];
    seen = std::max(seen, start);
  }
}

Result<std::vector<Job>> JobRunner::ClaimBatch(int limit) {
  // An empty kind list would claim every kind: a runner without handlers claims nothing.
  if (kind_names_.empty()) return std::vector<Job>{};
  ScheduleRecurring();
  auto claimed = store_.Claim(options_.owner, kind_names_, limit, clock_.Now(), lease_us_);
  if (!claimed) return std::unexpected(claimed.error());
  // Jobs the claim found dead (their last lease ran out: the worker died on every attempt) go
  // to their kind like any other dead job, so no reader waits for them.
  auto first_dead = std::stable_partition(claimed->begin(), claimed->end(), [](const Job& job) {
    return job.state != JobState::kDead;
  });
  for (auto it = first_dead; it != claimed->end(); ++it) {
    auto kind = kinds_.find(it->kind);
    auto metrics = kind_metrics_.find(it->kind);
    ReportDead(*it, kind == kinds_.end() ? nullptr : &kind->second,
               Error{Errc::kUnavailable,
                     "lease expired: its worker stopped during every attempt",
                     {},
                     std::nullopt,
                     std::nullopt},
               metrics == kind_metrics_.end() ? nullptr : &metrics->second);
  }
  claimed->erase(first_dead, claimed->end());
  std::lock_guard lock(mu_);
  for (const Job& job : *claimed) held_[job.id] = Held{job.kind};
  return claimed;
}

bool JobRunner::RunOne(const Job& job) {
  {
    std::lock_guard lock(mu_);
    auto it = held_.find(job.id);
    if (it != held_.end() && it->second.lost) {
      held_.erase(it);
      spdlog::info("job {} ({}): its lease was lost before it started; left to its new owner",
                   job.id, job.kind);
      return false;
    }
    if (it != held_.end()) it->second.running = true;
  }
  auto kind = kinds_.find(job.kind);
  Result<Completion> outcome = Completion::kDone;
  auto started = std::chrono::steady_clock::now();
  if (kind == kinds_.end()) {
    outcome = Fail(Errc::kInternal, "no handler for job kind " + job.kind);
  } else {
    // The runner is one of the two places exceptions are caught: a throwing handler is a failed
    // attempt, never a dead worker.
    try {
      outcome = kind->second.run(job, JobTicket{job.id, options_.owner});
    } catch (const std::exception& e) {
      outcome = Fail(Errc::kInternal, std::string("exception: ") + e.what());
    } catch (...) {
      outcome = Fail(Errc::kInternal, "exception of unknown type");
    }
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  const KindMetrics* metrics = nullptr;
  if (auto m = kind_metrics_.find(job.kind); m != kind_metrics_.end()) metrics = &m->second;
  if (metrics != nullptr) metrics->run_seconds->Observe(elapsed.count());

  // Released before the outcome is written, so a heartbeat racing with it does not mistake the
  // settled job for a lost lease.
  {
    std::lock_guard lock(mu_);
    held_.erase(job.id);
  }
  if (!outcome) {
    RecordFailure(job, kind == kinds_.end() ? nullptr : &kind->second, outcome.error(), metrics);
    return true;
  }
  if (*outcome == Completion::kCompletedByHandler) return true;
  auto done = store_.Complete(job.id, options_.owner, clock_.Now());
  if (done) return true;
  if (done.error().code == Errc::kConflict || done.error().code == Errc::kNotFound) {
    spdlog::info("job {} ({}) finished after its lease was lost; its new owner settles it", job.id,
                 job.kind);
  } else {
    // The lease expires and the job runs again: handlers are idempotent.
    spdlog::error("job {} ({}): cannot mark it done: {}", job.id, job.kind, done.error().message);
  }
  return true;
}

void JobRunner::RecordFailure(const Job& job, const JobKind* kind, const Error& error,
                              const KindMetrics* metrics) {
  if (metrics != nullptr) metrics->failures->Inc();
  std::string message = StorableError(error);
  double jitter = 0;
  {
    std::lock_guard lock(mu_);
    jitter = std::uniform_real_distribution<double>(-1.0, 1.0)(rng_);
  }
  Timestamp now = clock_.Now();
  Timestamp retry_at =
      now + BackoffUs(job.attempts, options_.backoff_base_ms, options_.backoff_max_ms, jitter);
  auto state = store_.Fail(job.id, options_.owner, message, now, retry_at);
  if (!state) {
    if (state.error().code == Errc::kConflict || state.error().code == Errc::kNotFound) {
      spdlog::info("job {} ({}) failed after its lease was lost: {}", job.id, job.kind, message);
    } else {
      spdlog::error("job {} ({}) failed ({}) and the failure cannot be recorded: {}", job.id,
                    job.kind, message, state.error().message);
    }
    return;
  }
  if (*state != JobState::kDead) {
    spdlog::info("job {} ({}) attempt {}/{} failed, retry at {}: {}", job.id, job.kind,
                 job.attempts, job.max_attempts, FormatRfc3339(retry_at), message);
    return;
  }
  Job dead = job;
  dead.state = JobState::kDead;
  dead.last_error = message;
  dead.lease_owner.clear();
  dead.lease_until = 0;
  dead.updated_at = now;
  ReportDead(dead, kind, error, metrics);
}

void JobRunner::ReportDead(const Job& dead, const JobKind* kind, const Error& error,
                           const KindMetrics* metrics) {
  if (metrics != nullptr) metrics->dead->Inc();
  spdlog::warn("job {} ({}) is dead after {} attempts: {}", dead.id, dead.kind, dead.attempts,
               error.message);
  if (kind == nullptr || !kind->on_dead) return;
  try {
    kind->on_dead(dead, error);
  } catch (const std::exception& e) {
    spdlog::error("job {} ({}): on_dead threw: {}", dead.id, dead.kind, e.what());
  } catch (...) {
    spdlog::error("job {} ({}): on_dead threw an exception of unknown type", dead.id, dead.kind);
  }
}

}  // namespace plaza::jobs
