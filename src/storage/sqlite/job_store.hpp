#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/job_store.hpp"
#include "storage/post_store.hpp"
#include "storage/sqlite/database.hpp"

namespace plaza::sqlite {

/// JobStore on SQLite; queries in sql/job_store/. Claim() selects and updates in one write
/// transaction, so no other claim interleaves and a whole batch costs one commit.
class SqliteJobStore final : public JobStore {
 public:
  explicit SqliteJobStore(Database& db) : db_(db) {}

  Result<Enqueued> Enqueue(const NewJob& job, Timestamp now) override;
  Result<std::vector<Job>> Claim(const std::string& owner, const std::vector<std::string>& kinds,
                                 int limit, Timestamp now, std::int64_t lease_us) override;
  Status Heartbeat(std::int64_t id, const std::string& owner, Timestamp lease_until) override;
  Status Complete(std::int64_t id, const std::string& owner, Timestamp now) override;
  Status Release(std::int64_t id, const std::string& owner, Timestamp now) override;
  Result<JobState> Fail(std::int64_t id, const std::string& owner, const std::string& error,
                        Timestamp now, Timestamp retry_at) override;
  Result<Job> Get(std::int64_t id) override;
  Result<std::vector<Job>> List(const JobFilter& filter) override;
  Result<std::vector<JobCount>> Counts() override;
  Status Retry(std::int64_t id, Timestamp now) override;
  Result<std::int64_t> RetryDead(const std::optional<std::string>& kind, Timestamp now) override;
  Result<std::int64_t> Purge(std::optional<JobState> state, Timestamp updated_before) override;
  Result<std::optional<Job>> EnqueueRecurring(const NewRecurring& recurring,
                                              Timestamp now) override;
  Result<std::vector<Recurring>> ListRecurring() override;

 private:
  Database& db_;
};

// Job writes that other aggregates' writes include in their own transaction.

/// Inserts the job unless one of that kind and dedupe key exists; returns whichever is stored.
Result<Enqueued> InsertJob(Connection& conn, const NewJob& job, Timestamp now);
/// Enqueues the jobs a post write asks for, for revision `revision` of `post_id`.
Status InsertRevisionJobs(Connection& conn, std::int64_t post_id, int revision,
                          const std::vector<RevisionJob>& jobs, Timestamp at);
/// Marks job `id` done if it runs under `owner`; returns whether it did.
Result<bool> CompleteJob(Connection& conn, std::int64_t id, const std::string& owner,
                         Timestamp now);

}  // namespace plaza::sqlite
