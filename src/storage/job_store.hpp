#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// queued: waiting for run_after (new, or waiting to be retried after a failure);
/// running: claimed by a worker whose lease ends at lease_until;
/// done: completed; dead: failed max_attempts times (or its last lease expired on the last
/// attempt), kept for operators to inspect, retry or purge.
enum class JobState { kQueued, kRunning, kDone, kDead };

/// "queued", "running", "done", "dead".
const char* JobStateName(JobState state);
/// The inverse of JobStateName; nullopt for any other text.
std::optional<JobState> ParseJobState(std::string_view name);

struct Job {
  std::int64_t id = 0;
  std::string kind;        // "summary", later "translation", ...
  std::string dedupe_key;  // unique per kind
  std::string payload;     // opaque to the store
  JobState state = JobState::kQueued;
  int attempts = 0;  // claims so far (a claim counts as an attempt even if its worker dies)
  int max_attempts = 5;
  Timestamp run_after = 0;    // not claimed before this
  std::string lease_owner;    // "" unless running
  Timestamp lease_until = 0;  // 0 unless running
  std::string last_error;     // "" until a failure
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

struct NewJob {
  std::string kind;
  std::string dedupe_key;
  std::string payload;
  int max_attempts = 5;  // >= 1
  Timestamp run_after = 0;
};

struct Enqueued {
  Job job;
  bool created = false;  // false: a job of that kind and dedupe key already existed
};

struct JobCount {
  std::string kind;
  JobState state = JobState::kQueued;
  std::int64_t count = 0;
};

/// A recurring kind: one job every period_us (docs/jobs.md, "Recurring jobs").
struct NewRecurring {
  std::string kind;
  std::int64_t period_us = 0;  // > 0
  int max_attempts = 5;        // of each period's job
};

/// A recurring kind as the store knows it, with the job of its latest period.
struct Recurring {
  std::string kind;
  std::int64_t period_us = 0;
  Timestamp period_start = -1;        // start of the latest period enqueued; -1: none yet
  std::int64_t job_id = 0;            // that period's job; 0 when none (or purged since)
  std::optional<JobState> job_state;  // its state; nullopt when job_id is 0 or it was purged
  Timestamp job_updated_at = 0;       // its last change (when it finished, once done or dead)
};

/// The start of the period of length period_us (> 0) that holds `now` (>= 0): periods are
/// aligned on the epoch, so every instance computes the same ones.
Timestamp RecurringPeriodStart(Timestamp now, std::int64_t period_us);
/// "recurring:<kind>:<period start>": the dedupe key of a recurring kind's job for one period.
std::string RecurringDedupeKey(const std::string& kind, Timestamp period_start);

struct JobFilter {
  std::optional<JobState> state;
  std::optional<std::string> kind;
  std::optional<std::int64_t> before_id;  // ids < before_id, for paging
  int limit = 100;                        // 1..1000
};

/// The durable job queue. Every method is atomic; many workers (threads or processes on one
/// PostgreSQL) may claim at once and never receive the same job twice while its lease holds.
class JobStore {
 public:
  virtual ~JobStore() = default;

  /// Inserts a queued job, or returns the existing job of that kind and dedupe key, whatever its
  /// state (created == false; the existing job is left unchanged). kInvalidArgument when kind or
  /// dedupe_key is empty or max_attempts < 1.
  virtual Result<Enqueued> Enqueue(const NewJob& job, Timestamp now) = 0;

  /// Claims up to `limit` jobs of the given kinds (all kinds when `kinds` is empty), oldest
  /// run_after first: queued jobs with run_after <= now, and running jobs whose lease_until <
  /// now (their worker died). Each claimed job becomes running with lease_owner = owner,
  /// lease_until = now + lease_us, attempts + 1. A running job whose lease expired while
  /// attempts >= max_attempts is not claimed but becomes dead with last_error "lease expired";
  /// such jobs are returned too, after the claimed ones and with state dead (not counted in
  /// `limit`; each by the one claim that buried it), so the caller can report them to their
  /// kind. An empty vector is not an error.
  virtual Result<std::vector<Job>> Claim(const std::string& owner,
                                         const std::vector<std::string>& kinds, int limit,
                                         Timestamp now, std::int64_t lease_us) = 0;

  /// Extends the lease of a running job to `lease_until`. kConflict when the job is no longer
  /// running under `owner` (its lease expired and another worker claimed it, or an operator
  /// changed it); kNotFound when no job has that id.
  virtual Status Heartbeat(std::int64_t id, const std::string& owner, Timestamp lease_until) = 0;

  /// Marks a running job done. kConflict / kNotFound as for Heartbeat.
  virtual Status Complete(std::int64_t id, const std::string& owner, Timestamp now) = 0;

  /// Gives a running job back without running it (its worker is shutting down before it
  /// started): queued again at once, the claim's attempt taken back. kConflict / kNotFound as for
  /// Heartbeat.
  virtual Status Release(std::int64_t id, const std::string& owner, Timestamp now) = 0;

  /// Records a failed attempt of a running job: with attempts < max_attempts it is queued again
  /// with run_after = retry_at; otherwise it becomes dead. Stores `error` (truncated to 1,000
  /// bytes, kept valid UTF-8) as last_error. Returns the job's new state. kConflict / kNotFound
  /// as for Heartbeat.
  virtual Result<JobState> Fail(std::int64_t id, const std::string& owner, const std::string& error,
                                Timestamp now, Timestamp retry_at) = 0;

  /// kNotFound when no job has that id.
  virtual Result<Job> Get(std::int64_t id) = 0;
  /// Jobs matching the filter, newest (highest id) first. kInvalidArgument for a bad limit.
  virtual Result<std::vector<Job>> List(const JobFilter& filter) = 0;
  /// Number of jobs per (kind, state); combinations with no job are left out.
  virtual Result<std::vector<JobCount>> Counts() = 0;

  /// Queues a dead job again now with attempts reset to 0 and last_error kept. kNotFound when
  /// no job has that id; kConflict when it is not dead.
  virtual Status Retry(std::int64_t id, Timestamp now) = 0;
  /// Retry() for every dead job (of `kind` when given); returns how many were queued.
  virtual Result<std::int64_t> RetryDead(const std::optional<std::string>& kind, Timestamp now) = 0;
  /// Deletes done and dead jobs (only `state` when given; kInvalidArgument for queued or
  /// running) last updated before `updated_before`; returns how many were deleted.
  virtual Result<std::int64_t> Purge(std::optional<JobState> state, Timestamp updated_before) = 0;

  /// Records `recurring` (or its new period) and, in the same transaction, enqueues the job of
  /// the period holding `now` (RecurringPeriodStart) unless that period, or a later one, was
  /// taken already by any caller: kind = recurring.kind, dedupe key RecurringDedupeKey(), payload
  /// the period start in decimal, run_after = the period start. Returns that job when this call
  /// enqueued it, nullopt when the period was taken. Earlier periods that nobody took (downtime)
  /// are skipped, never caught up. kInvalidArgument for an empty or unstorable kind, a period
  /// <= 0, max_attempts < 1 or now < 0.
  virtual Result<std::optional<Job>> EnqueueRecurring(const NewRecurring& recurring,
                                                      Timestamp now) = 0;
  /// Every recurring kind ever recorded, by kind.
  virtual Result<std::vector<Recurring>> ListRecurring() = 0;
};

}  // namespace plaza
