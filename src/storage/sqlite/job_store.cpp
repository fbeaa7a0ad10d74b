#include "storage/sqlite/job_store.hpp"

#include <algorithm>

#include "storage/encoding.hpp"

namespace plaza::sqlite {

namespace {

// Whether a job with this id exists, in any state.
Result<bool> JobExists(Connection& conn, std::int64_t id) {
  auto stmt = conn.Prepare(Query("job_store/exists"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(id);
  return stmt->Step();
}

// After a write restricted to job `id` in a given state changed nothing: why (see
// storage::JobUntouched).
Status JobUntouched(Connection& conn, std::int64_t id) {
  auto exists = JobExists(conn, id);
  if (!exists) return std::unexpected(exists.error());
  return storage::JobUntouched(*exists);
}

}  // namespace

Result<Enqueued> InsertJob(Connection& conn, const NewJob& job, Timestamp now) {
  {
    auto stmt = conn.Prepare(Query("job_store/insert"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(job.kind)
        .Bind(job.dedupe_key)
        .Bind(job.payload)
        .Bind(static_cast<std::int64_t>(job.max_attempts))
        .Bind(job.run_after)
        .Bind(now)
        .Bind(now);
    auto inserted = ReadRows(*stmt, storage::JobFromRow);
    if (!inserted) return std::unexpected(inserted.error());
    if (!inserted->empty()) return Enqueued{std::move(inserted->front()), true};
  }
  auto stmt = conn.Prepare(Query("job_store/by_key"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(job.kind).Bind(job.dedupe_key);
  auto existing = ReadRows(*stmt, storage::JobFromRow);
  if (!existing) return std::unexpected(existing.error());
  if (existing->empty()) return plaza::Fail(Errc::kInternal, "enqueued job vanished");
  return Enqueued{std::move(existing->front()), false};
}

Status InsertRevisionJobs(Connection& conn, std::int64_t post_id, int revision,
                          const std::vector<RevisionJob>& jobs, Timestamp at) {
  for (const auto& job : jobs) {
    auto enqueued = InsertJob(conn, storage::RevisionJobFor(job, post_id, revision, at), at);
    if (!enqueued) return std::unexpected(enqueued.error());
  }
  return {};
}

Result<bool> CompleteJob(Connection& conn, std::int64_t id, const std::string& owner,
                         Timestamp now) {
  auto stmt = conn.Prepare(Query("job_store/complete"));
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(now).Bind(id).Bind(owner);
  if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
  return conn.Changes() > 0;
}

Result<Enqueued> SqliteJobStore::Enqueue(const NewJob& job, Timestamp now) {
  if (auto s = storage::CheckNewJob(job); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) { return InsertJob(conn, job, now); });
}

Result<std::vector<Job>> SqliteJobStore::Claim(const std::string& owner,
                                               const std::vector<std::string>& kinds, int limit,
                                               Timestamp now, std::int64_t lease_us) {
  if (auto s = storage::CheckClaim(owner, kinds, limit, lease_us); !s) {
    return std::unexpected(s.error());
  }
  const Timestamp lease_until = now + lease_us;
  return db_.Write([&](Connection& conn) -> Result<std::vector<Job>> {
    std::vector<storage::ClaimOrder> candidates;
    std::vector<Job> buried;
    // One pass per kind (or one for all kinds): each reads an ordered index range.
    const std::size_t passes = kinds.empty() ? 1 : kinds.size();
    for (std::size_t i = 0; i < passes; ++i) {
      {
        auto stmt = conn.Prepare(
            Query(kinds.empty() ? "job_store/bury_expired" : "job_store/bury_expired_of_kind"));
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(now);
        if (!kinds.empty()) stmt->Bind(kinds[i]);
        auto rows = ReadRows(*stmt, storage::JobFromRow);
        if (!rows) return std::unexpected(rows.error());
        for (Job& job : *rows) buried.push_back(std::move(job));
      }
      auto stmt = conn.Prepare(Query(kinds.empty() ? "job_store/due" : "job_store/due_of_kind"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(now).Bind(static_cast<std::int64_t>(limit));
      if (!kinds.empty()) stmt->Bind(kinds[i]);
      for (;;) {
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        candidates.push_back({stmt->Int(1), stmt->Int(0)});
      }
    }
    std::sort(candidates.begin(), candidates.end());
    // The same kind named twice yields the same rows twice.
    candidates.erase(std::unique(candidates.begin(), candidates.end(),
                                 [](const storage::ClaimOrder& a, const storage::ClaimOrder& b) {
                                   return a.id == b.id;
                                 }),
                     candidates.end());
    if (candidates.size() > static_cast<std::size_t>(limit)) {
      candidates.resize(static_cast<std::size_t>(limit));
    }
    std::vector<Job> claimed;
    claimed.reserve(candidates.size());
    for (const auto& candidate : candidates) {
      auto stmt = conn.Prepare(Query("job_store/claim"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(owner).Bind(lease_until).Bind(now).Bind(candidate.id);
      auto rows = ReadRows(*stmt, storage::JobFromRow);
      if (!rows) return std::unexpected(rows.error());
      if (rows->size() != 1) return storage::CorruptRow();
      claimed.push_back(std::move(rows->front()));
    }
    for (Job& job : buried) claimed.push_back(std::move(job));
    return claimed;
  });
}

Status SqliteJobStore::Heartbeat(std::int64_t id, const std::string& owner, Timestamp lease_until) {
  if (auto s = storage::CheckOwner(owner); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("job_store/heartbeat"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(lease_until).Bind(id).Bind(owner);
    if (auto s = stmt->Run(); !s) return s;
    if (conn.Changes() > 0) return {};
    return JobUntouched(conn, id);
  });
}

Status SqliteJobStore::Complete(std::int64_t id, const std::string& owner, Timestamp now) {
  if (auto s = storage::CheckOwner(owner); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    auto changed = CompleteJob(conn, id, owner, now);
    if (!changed) return std::unexpected(changed.error());
    if (*changed) return {};
    return JobUntouched(conn, id);
  });
}

Status SqliteJobStore::Release(std::int64_t id, const std::string& owner, Timestamp now) {
  if (auto s = storage::CheckOwner(owner); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("job_store/release"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(now).Bind(id).Bind(owner);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    if (conn.Changes() > 0) return {};
    return JobUntouched(conn, id);
  });
}

Result<JobState> SqliteJobStore::Fail(std::int64_t id, const std::string& owner,
                                      const std::string& error, Timestamp now, Timestamp retry_at) {
  if (auto s = storage::CheckOwner(owner); !s) return std::unexpected(s.error());
  auto text = storage::JobErrorText(error);
  if (!text) return std::unexpected(text.error());
  return db_.Write([&](Connection& conn) -> Result<JobState> {
    {
      auto stmt = conn.Prepare(Query("job_store/fail"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(retry_at).Bind(*text).Bind(now).Bind(id).Bind(owner);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (*row) {
        auto state = ParseJobState(stmt->Text(0));
        if (!state) return storage::CorruptRow();
        if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
        return *state;
      }
    }
    auto untouched = JobUntouched(conn, id);
    return std::unexpected(untouched.error());
  });
}

Result<Job> SqliteJobStore::Get(std::int64_t id) {
  return db_.Read([&](Connection& conn) -> Result<Job> {
    auto stmt = conn.Prepare(Query("job_store/by_id"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(id);
    return ReadOne(*stmt, storage::JobFromRow, "job not found");
  });
}

Result<std::vector<Job>> SqliteJobStore::List(const JobFilter& filter) {
  if (auto s = storage::CheckJobFilter(filter); !s) return std::unexpected(s.error());
  const std::int64_t below = storage::ListCursor(filter.before_id);
  const char* name =
      filter.state ? (filter.kind ? "job_store/list_by_state_and_kind" : "job_store/list_by_state")
                   : (filter.kind ? "job_store/list_by_kind" : "job_store/list");
  return db_.Read([&](Connection& conn) -> Result<std::vector<Job>> {
    auto stmt = conn.Prepare(Query(name));
    if (!stmt) return std::unexpected(stmt.error());
    if (filter.state) stmt->Bind(JobStateName(*filter.state));
    if (filter.kind) stmt->Bind(*filter.kind);
    stmt->Bind(below).Bind(static_cast<std::int64_t>(filter.limit));
    return ReadRows(*stmt, storage::JobFromRow);
  });
}

Result<std::vector<JobCount>> SqliteJobStore::Counts() {
  return db_.Read([&](Connection& conn) -> Result<std::vector<JobCount>> {
    auto stmt = conn.Prepare(Query("job_store/counts"));
    if (!stmt) return std::unexpected(stmt.error());
    return ReadRows(*stmt, storage::JobCountFromRow);
  });
}

Status SqliteJobStore::Retry(std::int64_t id, Timestamp now) {
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("job_store/retry"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(now).Bind(id);
    if (auto s = stmt->Run(); !s) return s;
    if (conn.Changes() > 0) return {};
    auto exists = JobExists(conn, id);
    if (!exists) return std::unexpected(exists.error());
    return storage::RetryUntouched(*exists);
  });
}

Result<std::int64_t> SqliteJobStore::RetryDead(const std::optional<std::string>& kind,
                                               Timestamp now) {
  if (auto s = storage::CheckKindFilter(kind); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query(kind ? "job_store/retry_dead_of_kind" : "job_store/retry_dead"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(now);
    if (kind) stmt->Bind(*kind);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

Result<std::int64_t> SqliteJobStore::Purge(std::optional<JobState> state,
                                           Timestamp updated_before) {
  if (auto s = storage::CheckPurgeState(state); !s) return std::unexpected(s.error());
  return db_.Write([&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = conn.Prepare(Query(state ? "job_store/purge_state" : "job_store/purge_finished"));
    if (!stmt) return std::unexpected(stmt.error());
    if (state) stmt->Bind(JobStateName(*state));
    stmt->Bind(updated_before);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return conn.Changes();
  });
}

Result<std::optional<Job>> SqliteJobStore::EnqueueRecurring(const NewRecurring& recurring,
                                                            Timestamp now) {
  if (auto s = storage::CheckRecurring(recurring, now); !s) return std::unexpected(s.error());
  const Timestamp start = RecurringPeriodStart(now, recurring.period_us);
  return db_.Write([&](Connection& conn) -> Result<std::optional<Job>> {
    {
      auto stmt = conn.Prepare(Query("job_store/recurring_upsert"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(recurring.kind).Bind(recurring.period_us).Bind(now);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    }
    {
      auto stmt = conn.Prepare(Query("job_store/recurring_take_period"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(recurring.kind).Bind(start).Bind(now);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
      if (conn.Changes() == 0) return std::optional<Job>();
    }
    auto enqueued = InsertJob(conn, storage::RecurringJobFor(recurring, start), now);
    if (!enqueued) return std::unexpected(enqueued.error());
    auto stmt = conn.Prepare(Query("job_store/recurring_set_job"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(recurring.kind).Bind(enqueued->job.id);
    if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
    return std::optional<Job>(std::move(enqueued->job));
  });
}

Result<std::vector<Recurring>> SqliteJobStore::ListRecurring() {
  return db_.Read([&](Connection& conn) -> Result<std::vector<Recurring>> {
    auto stmt = conn.Prepare(Query("job_store/recurring_list"));
    if (!stmt) return std::unexpected(stmt.error());
    return ReadRows(*stmt, storage::RecurringFromRow);
  });
}

}  // namespace plaza::sqlite
