#include "storage/postgres/job_store.hpp"

#include <algorithm>

#include "storage/encoding.hpp"

namespace plaza::pg {

namespace {

// Whether a job with this id exists, in any state.
Result<bool> JobExists(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(Query("job_store/exists"), {id});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0;
}

// After a write restricted to job `id` in a given state changed nothing: why (see
// storage::JobUntouched).
Status JobUntouched(PgConnection& conn, std::int64_t id) {
  auto exists = JobExists(conn, id);
  if (!exists) return std::unexpected(exists.error());
  return storage::JobUntouched(*exists);
}

// Runs the variant of a claim statement for `kinds`: every kind (`any`), one kind (`one`, the
// kind as parameter `extra`) or several (`set`, an array literal).
Result<PgResult> ExecForKinds(PgConnection& conn, const std::vector<std::string>& kinds,
                              const char* any, const char* one, const char* set,
                              std::initializer_list<Param> params) {
  std::vector<Param> all(params);
  if (kinds.empty()) return conn.Exec(any, all);
  if (kinds.size() == 1) {
    all.emplace_back(kinds.front());
    return conn.Exec(one, all);
  }
  all.emplace_back(TextArrayLiteral(kinds));
  return conn.Exec(set, all);
}

}  // namespace

Result<Enqueued> InsertJob(PgConnection& conn, const NewJob& job, Timestamp now) {
  // The existing job could be purged between the two statements; then insert again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto inserted = conn.Exec(Query("job_store/insert"), {job.kind, job.dedupe_key, job.payload,
                                                          job.max_attempts, job.run_after, now});
    if (!inserted) return std::unexpected(inserted.error());
    if (inserted->Rows() > 0) {
      auto created = ReadOne(*inserted, storage::JobFromRow, "job not found");
      if (!created) return std::unexpected(created.error());
      return Enqueued{std::move(*created), true};
    }
    // ON CONFLICT waited for the other inserter to commit: a new statement sees its row.
    auto existing = conn.Exec(Query("job_store/by_key"), {job.kind, job.dedupe_key});
    if (!existing) return std::unexpected(existing.error());
    if (existing->Rows() > 0) {
      auto found = ReadOne(*existing, storage::JobFromRow, "job not found");
      if (!found) return std::unexpected(found.error());
      return Enqueued{std::move(*found), false};
    }
  }
  return plaza::Fail(Errc::kUnavailable, "job queue is busy; try again");
}

Status InsertRevisionJobs(PgConnection& conn, std::int64_t post_id, int revision,
                          const std::vector<RevisionJob>& jobs, Timestamp at) {
  for (const auto& job : jobs) {
    auto enqueued = InsertJob(conn, storage::RevisionJobFor(job, post_id, revision, at), at);
    if (!enqueued) return std::unexpected(enqueued.error());
  }
  return {};
}

Result<bool> CompleteJob(PgConnection& conn, std::int64_t id, const std::string& owner,
                         Timestamp now) {
  auto rows = conn.Exec(Query("job_store/complete"), {now, id, owner});
  if (!rows) return std::unexpected(rows.error());
  return rows->Affected() > 0;
}

Result<Enqueued> PgJobStore::Enqueue(const NewJob& job, Timestamp now) {
  if (auto s = storage::CheckNewJob(job); !s) return std::unexpected(s.error());
  return pool_.WithConnection([&](PgConnection& conn) { return InsertJob(conn, job, now); });
}

Result<std::vector<Job>> PgJobStore::Claim(const std::string& owner,
                                           const std::vector<std::string>& kinds, int limit,
                                           Timestamp now, std::int64_t lease_us) {
  if (auto s = storage::CheckClaim(owner, kinds, limit, lease_us); !s) {
    return std::unexpected(s.error());
  }
  const Timestamp lease_until = now + lease_us;
  return pool_.InTransaction([&](PgConnection& conn) -> Result<std::vector<Job>> {
    auto buried = ExecForKinds(conn, kinds, Query("job_store/bury_expired"),
                               Query("job_store/bury_expired_of_kind"),
                               Query("job_store/bury_expired_of_kinds"), {now});
    if (!buried) return std::unexpected(buried.error());
    auto dead = ReadRows(*buried, storage::JobFromRow);
    if (!dead) return std::unexpected(dead.error());
    auto rows =
        ExecForKinds(conn, kinds, Query("job_store/claim"), Query("job_store/claim_of_kind"),
                     Query("job_store/claim_of_kinds"), {now, owner, lease_until, limit});
    if (!rows) return std::unexpected(rows.error());
    auto jobs = ReadRows(*rows, storage::JobFromRow);
    if (!jobs) return std::unexpected(jobs.error());
    // RETURNING follows no particular order.
    std::sort(jobs->begin(), jobs->end(), [](const Job& a, const Job& b) {
      return storage::ClaimOrderOf(a) < storage::ClaimOrderOf(b);
    });
    for (Job& job : *dead) jobs->push_back(std::move(job));
    return jobs;
  });
}

Status PgJobStore::Heartbeat(std::int64_t id, const std::string& owner, Timestamp lease_until) {
  if (auto s = storage::CheckOwner(owner); !s) return s;
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("job_store/heartbeat"), {lease_until, id, owner});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() > 0) return {};
    return JobUntouched(conn, id);
  });
}

Status PgJobStore::Complete(std::int64_t id, const std::string& owner, Timestamp now) {
  if (auto s = storage::CheckOwner(owner); !s) return s;
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto changed = CompleteJob(conn, id, owner, now);
    if (!changed) return std::unexpected(changed.error());
    if (*changed) return {};
    return JobUntouched(conn, id);
  });
}

Status PgJobStore::Release(std::int64_t id, const std::string& owner, Timestamp now) {
  if (auto s = storage::CheckOwner(owner); !s) return s;
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("job_store/release"), {now, id, owner});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() > 0) return {};
    return JobUntouched(conn, id);
  });
}

Result<JobState> PgJobStore::Fail(std::int64_t id, const std::string& owner,
                                  const std::string& error, Timestamp now, Timestamp retry_at) {
  if (auto s = storage::CheckOwner(owner); !s) return std::unexpected(s.error());
  auto text = storage::JobErrorText(error);
  if (!text) return std::unexpected(text.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<JobState> {
    auto rows = conn.Exec(Query("job_store/fail"), {retry_at, *text, now, id, owner});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() > 0) {
      auto state = ParseJobState(rows->Text(0, 0));
      if (!state) return storage::CorruptRow();
      return *state;
    }
    auto untouched = JobUntouched(conn, id);
    return std::unexpected(untouched.error());
  });
}

Result<Job> PgJobStore::Get(std::int64_t id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<Job> {
    auto rows = conn.Exec(Query("job_store/by_id"), {id});
    if (!rows) return std::unexpected(rows.error());
    return ReadOne(*rows, storage::JobFromRow, "job not found");
  });
}

Result<std::vector<Job>> PgJobStore::List(const JobFilter& filter) {
  if (auto s = storage::CheckJobFilter(filter); !s) return std::unexpected(s.error());
  const std::int64_t below = storage::ListCursor(filter.before_id);
  const std::int64_t limit = filter.limit;
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Job>> {
    auto rows = filter.state && filter.kind
                    ? conn.Exec(Query("job_store/list_by_state_and_kind"),
                                {JobStateName(*filter.state), *filter.kind, below, limit})
                : filter.state ? conn.Exec(Query("job_store/list_by_state"),
                                           {JobStateName(*filter.state), below, limit})
                : filter.kind
                    ? conn.Exec(Query("job_store/list_by_kind"), {*filter.kind, below, limit})
                    : conn.Exec(Query("job_store/list"), {below, limit});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::JobFromRow);
  });
}

Result<std::vector<JobCount>> PgJobStore::Counts() {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<JobCount>> {
    auto rows = conn.Exec(Query("job_store/counts"));
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::JobCountFromRow);
  });
}

Status PgJobStore::Retry(std::int64_t id, Timestamp now) {
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("job_store/retry"), {now, id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() > 0) return {};
    auto exists = JobExists(conn, id);
    if (!exists) return std::unexpected(exists.error());
    return storage::RetryUntouched(*exists);
  });
}

Result<std::int64_t> PgJobStore::RetryDead(const std::optional<std::string>& kind, Timestamp now) {
  if (auto s = storage::CheckKindFilter(kind); !s) return std::unexpected(s.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows = kind ? conn.Exec(Query("job_store/retry_dead_of_kind"), {now, *kind})
                     : conn.Exec(Query("job_store/retry_dead"), {now});
    if (!rows) return std::unexpected(rows.error());
    return rows->Affected();
  });
}

Result<std::int64_t> PgJobStore::Purge(std::optional<JobState> state, Timestamp updated_before) {
  if (auto s = storage::CheckPurgeState(state); !s) return std::unexpected(s.error());
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
    auto rows =
        state ? conn.Exec(Query("job_store/purge_state"), {JobStateName(*state), updated_before})
              : conn.Exec(Query("job_store/purge_finished"), {updated_before});
    if (!rows) return std::unexpected(rows.error());
    return rows->Affected();
  });
}

Result<std::optional<Job>> PgJobStore::EnqueueRecurring(const NewRecurring& recurring,
                                                        Timestamp now) {
  if (auto s = storage::CheckRecurring(recurring, now); !s) return std::unexpected(s.error());
  const Timestamp start = RecurringPeriodStart(now, recurring.period_us);
  // The guarded UPDATE locks the kind's row: a concurrent caller waits for this transaction,
  // then finds the period taken and changes nothing.
  return pool_.InTransaction([&](PgConnection& conn) -> Result<std::optional<Job>> {
    auto upserted =
        conn.Exec(Query("job_store/recurring_upsert"), {recurring.kind, recurring.period_us, now});
    if (!upserted) return std::unexpected(upserted.error());
    auto taken = conn.Exec(Query("job_store/recurring_take_period"), {recurring.kind, start, now});
    if (!taken) return std::unexpected(taken.error());
    if (taken->Affected() == 0) return std::optional<Job>();
    auto enqueued = InsertJob(conn, storage::RecurringJobFor(recurring, start), now);
    if (!enqueued) return std::unexpected(enqueued.error());
    auto set = conn.Exec(Query("job_store/recurring_set_job"), {recurring.kind, enqueued->job.id});
    if (!set) return std::unexpected(set.error());
    return std::optional<Job>(std::move(enqueued->job));
  });
}

Result<std::vector<Recurring>> PgJobStore::ListRecurring() {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Recurring>> {
    auto rows = conn.Exec(Query("job_store/recurring_list"));
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::RecurringFromRow);
  });
}

}  // namespace plaza::pg
