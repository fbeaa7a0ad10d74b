#pragma once

// The job runner: a pool of plain threads that claim jobs from the durable queue (JobStore),
// keep their leases alive, run the registered handler of each job's kind, and record the
// outcome (done, retried after an exponential backoff, or dead). No Asio: the server, the
// command line and the benchmarks all drive it the same way.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/job_store.hpp"
#include "storage/summary_store.hpp"

namespace plaza::ops {
class Registry;
class Counter;
class Histogram;
template <typename Metric>
class Family;
}  // namespace plaza::ops

namespace plaza::jobs {

/// How a handler's success is recorded.
enum class Completion {
  kDone,                // the runner marks the job done (JobStore::Complete)
  kCompletedByHandler,  // the handler already completed it through its JobTicket (e.g. in the
                        // same transaction as its result: SummaryStore::Put); the runner does not
                        // complete it again
};

/// Runs one job. An error (or an exception, which the runner catches) is a failed attempt: the
/// job is retried after a backoff until the store makes it dead after max_attempts. Handlers
/// must be idempotent: a job whose worker died, or whose lease was lost, runs again.
using JobHandler = std::function<Result<Completion>(const Job& job, const JobTicket& ticket)>;
/// Called once when the job became dead (`job` as it now is: state dead, last_error set): a
/// failed last attempt, or a last lease that expired (its worker died during every attempt),
/// which the claim that buried it reports.
using DeadHandler = std::function<void(const Job& job, const Error& error)>;

struct JobKind {
  std::string kind;     // "summary", ...
  JobHandler run;       // required
  DeadHandler on_dead;  // optional
};

struct RunnerOptions {
  int workers = 2;                       // threads started by Start()
  int claim_batch = 8;                   // jobs a worker claims at once
  std::int64_t lease_ms = 60'000;        // lease of a claimed job; renewed every lease_ms / 3
  std::int64_t poll_ms = 1'000;          // idle wait (real time) before looking again
  std::int64_t backoff_base_ms = 2'000;  // delay before the first retry
  std::int64_t backoff_max_ms = 600'000;
  std::string owner;       // lease owner; "" = "<hostname>:<pid>:<random hex>"
  std::uint64_t seed = 0;  // backoff jitter RNG seed; 0 = a random seed
};

/// The delay before retrying a job that failed its `attempts`-th attempt (attempts >= 1):
/// min(base * 2^(attempts - 1), max), scaled by `jitter` in [-1, 1] times 20 %, and never more
/// than max. Microseconds; 0 when base is 0.
std::int64_t BackoffUs(int attempts, std::int64_t base_ms, std::int64_t max_ms, double jitter);

/// "<hostname>:<pid>:<8 random hex digits>", unique per runner.
std::string DefaultOwner();

class JobRunner {
 public:
  /// `store`, `clock` and `metrics` (may be null) must outlive the runner; `store` must also
  /// outlive every render of `metrics` (the plaza_jobs gauge reads it at scrape time). Registers
  /// the job metrics: one runner per registry.
  JobRunner(JobStore& store, const Clock& clock, ops::Registry* metrics, RunnerOptions options);
  /// Stop().
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Adds the handler of a kind. Only before Start(), and not while RunPending() runs.
  /// kInvalidArgument for an empty kind (or one that is not valid UTF-8) or a missing `run`;
  /// kConflict for a kind registered twice or a runner already started.
  Status Register(JobKind kind);
  /// Register() for a recurring kind: before each claim the runner enqueues the job of the
  /// current period of every_s seconds (JobStore::EnqueueRecurring: once per period however many
  /// runners share the store; periods missed while no runner ran are skipped, not caught up).
  /// Each period's job gets 3 attempts. kInvalidArgument also for every_s outside 1..366 days.
  Status RegisterRecurring(JobKind kind, std::int64_t every_s);

  /// Starts `workers` threads and a heartbeat thread. Each worker claims up to claim_batch jobs
  /// of the registered kinds (none at all while no kind is registered), runs them one by one
  /// and claims again; when nothing is claimable it waits poll_ms or until Wake(). Calling it
  /// again, or after Stop(), does nothing.
  void Start();
  /// Stops claiming, lets each worker finish the job it is running and gives the rest of its
  /// batch back to the queue (JobStore::Release: no attempt spent), so a batch of slow jobs
  /// does not hold up shutdown; joins every thread. Idempotent. Not from a handler.
  void Stop();
  /// Cuts the idle wait of every worker short (call after enqueueing).
  void Wake();

  /// Claims and runs jobs on the calling thread, one batch after another, until nothing is
  /// claimable now or `max_jobs` jobs have been claimed; returns how many ran (failed ones
  /// included; not those skipped because their lease was lost).
  /// Deterministic with a ManualClock: for tests, the command line and benchmarks. May run
  /// while the worker threads run.
  Result<std::int64_t> RunPending(int max_jobs = std::numeric_limits<int>::max());

  /// Renews, now, the lease of every job this runner holds (running, or claimed and waiting in
  /// a batch). The heartbeat thread calls it every lease_ms / 3; tests call it directly. A job
  /// whose lease was lost (another worker claimed it after it expired) is logged, is not
  /// started if it was still waiting, and its result is still written if it was running
  /// (idempotently: the store refuses to complete a job this runner no longer holds).
  void HeartbeatNow();

  /// Whether Stop() has begun.
  bool Stopping();

  const std::string& owner() const { return options_.owner; }
  const RunnerOptions& options() const { return options_; }

 private:
  struct Held {
    std::string kind;
    bool running = false;  // its handler has started
    bool lost = false;     // a heartbeat found the lease gone
  };
  struct KindMetrics {
    ops::Histogram* run_seconds = nullptr;
    ops::Counter* failures = nullptr;
    ops::Counter* dead = nullptr;
  };

  void WorkerLoop();
  // Returns a claimed job that was not started to the queue (at shutdown).
  void GiveBack(const Job& job);
  void HeartbeatLoop();
  // Enqueues the current period's job of every recurring kind whose period this runner has not
  // seen taken yet (errors are logged: the next claim tries again).
  void ScheduleRecurring();
  // Claims up to `limit` jobs and records them as held. An empty vector when no kind is
  // registered.
  Result<std::vector<Job>> ClaimBatch(int limit);
  // Runs one held job and records the outcome; false when it was skipped (lease lost).
  bool RunOne(const Job& job);
  void RecordFailure(const Job& job, const JobKind* kind, const Error& error,
                     const KindMetrics* metrics);
  // Logs a dead job, counts it and hands it to its kind's on_dead (exceptions caught).
  void ReportDead(const Job& dead, const JobKind* kind, const Error& error,
                  const KindMetrics* metrics);

  JobStore& store_;
  const Clock& clock_;
  RunnerOptions options_;
  std::int64_t lease_us_ = 0;
  std::map<std::string, JobKind> kinds_;          // written before Start() only
  std::vector<std::string> kind_names_;           // likewise
  std::vector<NewRecurring> recurring_;           // likewise
  std::map<std::string, Timestamp> period_seen_;  // guarded by mu_: latest period known taken

  ops::Family<ops::Histogram>* run_seconds_ = nullptr;
  ops::Family<ops::Counter>* failures_ = nullptr;
  ops::Family<ops::Counter>* dead_ = nullptr;
  std::map<std::string, KindMetrics> kind_metrics_;  // filled in Register()

  std::mutex mu_;
  std::condition_variable cv_;         // workers' idle wait and the heartbeat's wait
  bool started_ = false;               // guarded by mu_
  bool stopping_ = false;              // guarded by mu_: workers stop claiming
  bool heartbeat_stopping_ = false;    // guarded by mu_: set once the workers are joined
  std::uint64_t wake_generation_ = 0;  // guarded by mu_
  std::map<std::int64_t, Held> held_;  // guarded by mu_: jobs claimed and not yet settled
  std::mt19937_64 rng_;                // guarded by mu_
  std::vector<std::thread> workers_;   // touched by Start()/Stop() only
  std::thread heartbeat_;              // likewise
  std::mutex stop_mu_;                 // serializes Start() and Stop()
};

}  // namespace plaza::jobs
