#include "storage/postgres/pg_store.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/encoding.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrations.hpp"

namespace plaza {

namespace {

using pg::PgConnection;
using pg::PgPool;
using pg::PgResult;

Error Refine(Error error, std::string message, std::string field) {
  error.message = std::move(message);
  error.field = std::move(field);
  return error;
}

std::unexpected<Error> CorruptRow() {
  return Fail(Errc::kInternal, "storage failure: unexpected value in a stored row");
}

// ---------------------------------------------------------------------------------------------
// Users

constexpr char kInsertUser[] =
    "INSERT INTO users (handle, display_name, password_hash, role, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr char kUserById[] =
    "SELECT id, handle, display_name, bio, locale, role, password_hash, created_at "
    "FROM users WHERE id = $1";
constexpr char kUserByHandle[] =
    "SELECT id, handle, display_name, bio, locale, role, password_hash, created_at "
    "FROM users WHERE handle = $1";
constexpr char kUpdateProfile[] = "UPDATE users SET display_name = $1, bio = $2 WHERE id = $3";

Result<User> ReadUser(const PgResult& rows) {
  if (rows.Rows() == 0) return Fail(Errc::kNotFound, "user not found");
  User user;
  user.id = rows.Int(0, 0);
  user.handle = rows.Text(0, 1);
  user.display_name = rows.Text(0, 2);
  user.bio = rows.Text(0, 3);
  user.locale = rows.Text(0, 4);
  auto role = storage::ParseRole(rows.Text(0, 5));
  if (!role) return CorruptRow();
  user.role = *role;
  user.password_hash = rows.Text(0, 6);
  user.created_at = rows.Int(0, 7);
  return user;
}

class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(PgPool& pool) : pool_(pool) {}

  Result<User> Create(const NewUser& user) override {
    if (auto s = storage::CheckNewUser(user); !s) return std::unexpected(s.error());
    auto rows = pool_.WithConnection([&](PgConnection& conn) {
      return conn.Exec(kInsertUser, {user.handle, user.display_name, user.password_hash,
                                     storage::RoleName(user.role), user.created_at});
    });
    if (!rows) {
      if (rows.error().code == Errc::kConflict) {
        return std::unexpected(Refine(rows.error(), "handle is taken", "handle"));
      }
      return std::unexpected(rows.error());
    }
    User created;
    created.id = rows->Int(0, 0);
    created.handle = user.handle;
    created.display_name = user.display_name;
    created.role = user.role;
    created.password_hash = user.password_hash;
    created.created_at = user.created_at;
    return created;
  }

  Result<User> FindById(std::int64_t id) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<User> {
      auto rows = conn.Exec(kUserById, {id});
      if (!rows) return std::unexpected(rows.error());
      return ReadUser(*rows);
    });
  }

  Result<User> FindByHandle(std::string_view handle) override {
    if (!storage::IsStorableText(handle)) return Fail(Errc::kNotFound, "user not found");
    return pool_.WithConnection([&](PgConnection& conn) -> Result<User> {
      auto rows = conn.Exec(kUserByHandle, {handle});
      if (!rows) return std::unexpected(rows.error());
      return ReadUser(*rows);
    });
  }

  Status UpdateProfile(std::int64_t id, std::string_view display_name,
                       std::string_view bio) override {
    if (auto s = storage::CheckProfile(display_name, bio); !s) return s;
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kUpdateProfile, {display_name, bio, id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() == 0) return Fail(Errc::kNotFound, "user not found");
      return {};
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// Sessions

constexpr char kInsertSession[] =
    "INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr char kSessionByHash[] =
    "SELECT token_hash, user_id, csrf, kind, created_at, expires_at "
    "FROM sessions WHERE token_hash = $1";
constexpr char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = $1";
constexpr char kDeleteExpiredSessions[] = "DELETE FROM sessions WHERE expires_at <= $1";

class PgSessionStore final : public SessionStore {
 public:
  explicit PgSessionStore(PgPool& pool) : pool_(pool) {}

  Status Create(const SessionRecord& session) override {
    if (auto s = storage::CheckSession(session); !s) return s;
    auto rows = pool_.WithConnection([&](PgConnection& conn) {
      return conn.Exec(kInsertSession, {session.token_hash, session.user_id, session.csrf,
                                        storage::SessionKindName(session.kind), session.created_at,
                                        session.expires_at});
    });
    if (rows) return {};
    if (rows.error().code == Errc::kConflict) {
      return std::unexpected(Refine(rows.error(), "session already exists", "token_hash"));
    }
    if (rows.error().code == Errc::kNotFound) {
      return std::unexpected(Refine(rows.error(), "user not found", "user_id"));
    }
    return std::unexpected(rows.error());
  }

  Result<SessionRecord> Find(std::string_view token_hash) override {
    if (!storage::IsStorableText(token_hash)) return Fail(Errc::kNotFound, "session not found");
    return pool_.WithConnection([&](PgConnection& conn) -> Result<SessionRecord> {
      auto rows = conn.Exec(kSessionByHash, {token_hash});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() == 0) return Fail(Errc::kNotFound, "session not found");
      SessionRecord session;
      session.token_hash = rows->Text(0, 0);
      session.user_id = rows->Int(0, 1);
      session.csrf = rows->Text(0, 2);
      auto kind = storage::ParseSessionKind(rows->Text(0, 3));
      if (!kind) return CorruptRow();
      session.kind = *kind;
      session.created_at = rows->Int(0, 4);
      session.expires_at = rows->Int(0, 5);
      return session;
    });
  }

  Status Delete(std::string_view token_hash) override {
    if (!storage::IsStorableText(token_hash)) return {};  // no such session can exist
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kDeleteSession, {token_hash});
      if (!rows) return std::unexpected(rows.error());
      return {};
    });
  }

  Result<std::int64_t> DeleteExpired(Timestamp now) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
      auto rows = conn.Exec(kDeleteExpiredSessions, {now});
      if (!rows) return std::unexpected(rows.error());
      return rows->Affected();
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// Jobs

#define PLAZA_JOB_COLUMNS                                                                  \
  "id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner, " \
  "lease_until, last_error, created_at, updated_at"

constexpr char kInsertJob[] =
    "INSERT INTO jobs (kind, dedupe_key, payload, max_attempts, run_after, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (kind, dedupe_key) DO NOTHING "
    "RETURNING " PLAZA_JOB_COLUMNS;
constexpr char kJobByKey[] =
    "SELECT " PLAZA_JOB_COLUMNS " FROM jobs WHERE kind = $1 AND dedupe_key = $2";
constexpr char kJobById[] = "SELECT " PLAZA_JOB_COLUMNS " FROM jobs WHERE id = $1";
constexpr char kJobExists[] = "SELECT 1 FROM jobs WHERE id = $1";

// Claim runs two statements in one transaction, each in three variants: every kind, one kind
// ($N = kind: the partial index on (kind, run_after, id) gives the order), several kinds.
#define PLAZA_KIND_ANY ""
#define PLAZA_KIND_ONE(n) " AND kind = $" #n
#define PLAZA_KIND_SET(n) " AND kind = ANY($" #n "::text[])"

// Expired leases on the last attempt end the job instead of being claimed again.
#define PLAZA_BURY_EXPIRED(kind_filter)                                                   \
  "UPDATE jobs SET state = 'dead', last_error = 'lease expired', lease_owner = '', "      \
  "lease_until = 0, updated_at = $1 WHERE id IN (SELECT id FROM jobs "                    \
  "WHERE state = 'running' AND lease_until < $1 AND attempts >= max_attempts" kind_filter \
  " FOR UPDATE SKIP LOCKED) RETURNING " PLAZA_JOB_COLUMNS
constexpr char kBuryExpired[] = PLAZA_BURY_EXPIRED(PLAZA_KIND_ANY);
constexpr char kBuryExpiredOfKind[] = PLAZA_BURY_EXPIRED(PLAZA_KIND_ONE(2));
constexpr char kBuryExpiredOfKinds[] = PLAZA_BURY_EXPIRED(PLAZA_KIND_SET(2));
#undef PLAZA_BURY_EXPIRED

// The oldest due queued jobs and the oldest expired leases, each side read in order from its
// partial index and locked with SKIP LOCKED (rows another claimer holds are passed over, never
// waited for), then the best `limit` of both claimed. MATERIALIZED: the candidate list is
// computed exactly once.
#define PLAZA_CLAIM(kind_filter)                                                         \
  "WITH candidates AS MATERIALIZED (SELECT id FROM ("                                    \
  "SELECT id, run_after FROM (SELECT id, run_after FROM jobs "                           \
  "WHERE state = 'queued' AND run_after <= $1" kind_filter                               \
  " "                                                                                    \
  "ORDER BY run_after, id LIMIT $4 FOR UPDATE SKIP LOCKED) AS due "                      \
  "UNION ALL SELECT id, run_after FROM (SELECT id, run_after FROM jobs "                 \
  "WHERE state = 'running' AND lease_until < $1 AND attempts < max_attempts" kind_filter \
  " "                                                                                    \
  "ORDER BY run_after, id LIMIT $4 FOR UPDATE SKIP LOCKED) AS expired"                   \
  ") AS both_sides ORDER BY run_after, id LIMIT $4) "                                    \
  "UPDATE jobs SET state = 'running', lease_owner = $2, lease_until = $3, "              \
  "attempts = attempts + 1, updated_at = $1 WHERE id IN (SELECT id FROM candidates) "    \
  "RETURNING " PLAZA_JOB_COLUMNS
constexpr char kClaim[] = PLAZA_CLAIM(PLAZA_KIND_ANY);
constexpr char kClaimOfKind[] = PLAZA_CLAIM(PLAZA_KIND_ONE(5));
constexpr char kClaimOfKinds[] = PLAZA_CLAIM(PLAZA_KIND_SET(5));
#undef PLAZA_CLAIM
#undef PLAZA_KIND_ANY
#undef PLAZA_KIND_ONE
#undef PLAZA_KIND_SET

constexpr char kHeartbeat[] =
    "UPDATE jobs SET lease_until = $1 WHERE id = $2 AND state = 'running' AND lease_owner = $3";
constexpr char kCompleteJob[] =
    "UPDATE jobs SET state = 'done', lease_owner = '', lease_until = 0, updated_at = $1 "
    "WHERE id = $2 AND state = 'running' AND lease_owner = $3";
constexpr char kReleaseJob[] =
    "UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), run_after = $1, "
    "lease_owner = '', lease_until = 0, updated_at = $1 "
    "WHERE id = $2 AND state = 'running' AND lease_owner = $3";
constexpr char kFailJob[] =
    "UPDATE jobs SET "
    "state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'dead' END, "
    "run_after = CASE WHEN attempts < max_attempts THEN $1 ELSE run_after END, "
    "last_error = $2, lease_owner = '', lease_until = 0, updated_at = $3 "
    "WHERE id = $4 AND state = 'running' AND lease_owner = $5 RETURNING state";
// List: one statement per combination of filters, so each gets a plan of its own.
constexpr char kListJobs[] =
    "SELECT " PLAZA_JOB_COLUMNS " FROM jobs WHERE id < $1 ORDER BY id DESC LIMIT $2";
constexpr char kListJobsByState[] = "SELECT " PLAZA_JOB_COLUMNS
                                    " FROM jobs WHERE state = $1 AND id < $2 "
                                    "ORDER BY id DESC LIMIT $3";
constexpr char kListJobsByKind[] = "SELECT " PLAZA_JOB_COLUMNS
                                   " FROM jobs WHERE kind = $1 AND id < $2 "
                                   "ORDER BY id DESC LIMIT $3";
constexpr char kListJobsByStateAndKind[] = "SELECT " PLAZA_JOB_COLUMNS
                                           " FROM jobs WHERE state = $1 AND kind = $2 AND "
                                           "id < $3 ORDER BY id DESC LIMIT $4";
#undef PLAZA_JOB_COLUMNS
constexpr char kCountJobs[] =
    "SELECT kind, state, count(*) FROM jobs GROUP BY kind, state ORDER BY kind, state";
constexpr char kRetryJob[] =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = $1, lease_owner = '', "
    "lease_until = 0, updated_at = $1 WHERE id = $2 AND state = 'dead'";
constexpr char kRetryDead[] =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = $1, lease_owner = '', "
    "lease_until = 0, updated_at = $1 WHERE state = 'dead'";
constexpr char kRetryDeadOfKind[] =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = $1, lease_owner = '', "
    "lease_until = 0, updated_at = $1 WHERE state = 'dead' AND kind = $2";
constexpr char kPurgeFinished[] =
    "DELETE FROM jobs WHERE state IN ('done', 'dead') AND updated_at < $1";
constexpr char kPurgeState[] = "DELETE FROM jobs WHERE state = $1 AND updated_at < $2";

// Reads row `row` (columns as PLAZA_JOB_COLUMNS).
Result<Job> ReadJob(const PgResult& rows, int row) {
  Job job;
  job.id = rows.Int(row, 0);
  job.kind = rows.Text(row, 1);
  job.dedupe_key = rows.Text(row, 2);
  job.payload = rows.Text(row, 3);
  auto state = ParseJobState(rows.Text(row, 4));
  if (!state) return CorruptRow();
  job.state = *state;
  job.attempts = static_cast<int>(rows.Int(row, 5));
  job.max_attempts = static_cast<int>(rows.Int(row, 6));
  job.run_after = rows.Int(row, 7);
  job.lease_owner = rows.Text(row, 8);
  job.lease_until = rows.Int(row, 9);
  job.last_error = rows.Text(row, 10);
  job.created_at = rows.Int(row, 11);
  job.updated_at = rows.Int(row, 12);
  return job;
}

Result<std::vector<Job>> ReadJobs(const PgResult& rows) {
  std::vector<Job> jobs;
  jobs.reserve(static_cast<std::size_t>(rows.Rows()));
  for (int i = 0; i < rows.Rows(); ++i) {
    auto job = ReadJob(rows, i);
    if (!job) return std::unexpected(job.error());
    jobs.push_back(std::move(*job));
  }
  return jobs;
}

// Inserts the job unless one of that kind and dedupe key exists; returns whichever is stored.
Result<Enqueued> InsertJob(PgConnection& conn, const NewJob& job, Timestamp now) {
  // The existing job could be purged between the two statements; then insert again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto inserted = conn.Exec(
        kInsertJob, {job.kind, job.dedupe_key, job.payload, job.max_attempts, job.run_after, now});
    if (!inserted) return std::unexpected(inserted.error());
    if (inserted->Rows() > 0) {
      auto created = ReadJob(*inserted, 0);
      if (!created) return std::unexpected(created.error());
      return Enqueued{std::move(*created), true};
    }
    // ON CONFLICT waited for the other inserter to commit: a new statement sees its row.
    auto existing = conn.Exec(kJobByKey, {job.kind, job.dedupe_key});
    if (!existing) return std::unexpected(existing.error());
    if (existing->Rows() > 0) {
      auto found = ReadJob(*existing, 0);
      if (!found) return std::unexpected(found.error());
      return Enqueued{std::move(*found), false};
    }
  }
  return Fail(Errc::kUnavailable, "job queue is busy; try again");
}

// Enqueues the jobs a post write asks for, for revision `revision` of `post_id`.
Status InsertRevisionJobs(PgConnection& conn, std::int64_t post_id, int revision,
                          const std::vector<RevisionJob>& jobs, Timestamp at) {
  const std::string key = storage::RevisionJobKey(post_id, revision);
  for (const auto& job : jobs) {
    auto inserted = conn.Exec(kInsertJob, {job.kind, key, key, job.max_attempts, at, at});
    if (!inserted) return std::unexpected(inserted.error());
  }
  return {};
}

// After a write restricted to job `id` in a given state changed nothing: kNotFound when no job
// has that id, else kConflict.
Status JobUntouched(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(kJobExists, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return Fail(Errc::kNotFound, "job not found");
  return Fail(Errc::kConflict, "job is not running under this owner");
}

class PgJobStore final : public JobStore {
 public:
  explicit PgJobStore(PgPool& pool) : pool_(pool) {}

  Result<Enqueued> Enqueue(const NewJob& job, Timestamp now) override {
    if (auto s = storage::CheckNewJob(job); !s) return std::unexpected(s.error());
    return pool_.WithConnection([&](PgConnection& conn) { return InsertJob(conn, job, now); });
  }

  Result<std::vector<Job>> Claim(const std::string& owner, const std::vector<std::string>& kinds,
                                 int limit, Timestamp now, std::int64_t lease_us) override {
    if (auto s = storage::CheckClaim(owner, kinds, limit, lease_us); !s) {
      return std::unexpected(s.error());
    }
    const Timestamp lease_until = now + lease_us;
    auto claimed = pool_.InTransaction([&](PgConnection& conn) -> Result<std::vector<Job>> {
      auto buried = kinds.empty() ? conn.Exec(kBuryExpired, {now})
                    : kinds.size() == 1
                        ? conn.Exec(kBuryExpiredOfKind, {now, kinds.front()})
                        : conn.Exec(kBuryExpiredOfKinds, {now, pg::TextArrayLiteral(kinds)});
      if (!buried) return std::unexpected(buried.error());
      auto dead = ReadJobs(*buried);
      if (!dead) return std::unexpected(dead.error());
      auto rows = kinds.empty() ? conn.Exec(kClaim, {now, owner, lease_until, limit})
                  : kinds.size() == 1
                      ? conn.Exec(kClaimOfKind, {now, owner, lease_until, limit, kinds.front()})
                      : conn.Exec(kClaimOfKinds,
                                  {now, owner, lease_until, limit, pg::TextArrayLiteral(kinds)});
      if (!rows) return std::unexpected(rows.error());
      auto jobs = ReadJobs(*rows);
      if (!jobs) return std::unexpected(jobs.error());
      // RETURNING follows no particular order.
      std::sort(jobs->begin(), jobs->end(), [](const Job& a, const Job& b) {
        return a.run_after != b.run_after ? a.run_after < b.run_after : a.id < b.id;
      });
      for (Job& job : *dead) jobs->push_back(std::move(job));
      return jobs;
    });
    return claimed;
  }

  Status Heartbeat(std::int64_t id, const std::string& owner, Timestamp lease_until) override {
    if (auto s = storage::CheckOwner(owner); !s) return s;
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kHeartbeat, {lease_until, id, owner});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() > 0) return {};
      return JobUntouched(conn, id);
    });
  }

  Status Complete(std::int64_t id, const std::string& owner, Timestamp now) override {
    if (auto s = storage::CheckOwner(owner); !s) return s;
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kCompleteJob, {now, id, owner});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() > 0) return {};
      return JobUntouched(conn, id);
    });
  }

  Status Release(std::int64_t id, const std::string& owner, Timestamp now) override {
    if (auto s = storage::CheckOwner(owner); !s) return s;
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kReleaseJob, {now, id, owner});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() > 0) return {};
      return JobUntouched(conn, id);
    });
  }

  Result<JobState> Fail(std::int64_t id, const std::string& owner, const std::string& error,
                        Timestamp now, Timestamp retry_at) override {
    if (auto s = storage::CheckOwner(owner); !s) return std::unexpected(s.error());
    auto text = storage::JobErrorText(error);
    if (!text) return std::unexpected(text.error());
    return pool_.WithConnection([&](PgConnection& conn) -> Result<JobState> {
      auto rows = conn.Exec(kFailJob, {retry_at, *text, now, id, owner});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() > 0) {
        auto state = ParseJobState(rows->Text(0, 0));
        if (!state) return CorruptRow();
        return *state;
      }
      auto untouched = JobUntouched(conn, id);
      return std::unexpected(untouched.error());
    });
  }

  Result<Job> Get(std::int64_t id) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<Job> {
      auto rows = conn.Exec(kJobById, {id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Rows() == 0) return plaza::Fail(Errc::kNotFound, "job not found");
      return ReadJob(*rows, 0);
    });
  }

  Result<std::vector<Job>> List(const JobFilter& filter) override {
    if (auto s = storage::CheckJobFilter(filter); !s) return std::unexpected(s.error());
    const std::int64_t below = filter.before_id.value_or(std::numeric_limits<std::int64_t>::max());
    const std::int64_t limit = filter.limit;
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Job>> {
      auto rows = filter.state && filter.kind
                      ? conn.Exec(kListJobsByStateAndKind,
                                  {JobStateName(*filter.state), *filter.kind, below, limit})
                  : filter.state
                      ? conn.Exec(kListJobsByState, {JobStateName(*filter.state), below, limit})
                  : filter.kind ? conn.Exec(kListJobsByKind, {*filter.kind, below, limit})
                                : conn.Exec(kListJobs, {below, limit});
      if (!rows) return std::unexpected(rows.error());
      return ReadJobs(*rows);
    });
  }

  Result<std::vector<JobCount>> Counts() override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<JobCount>> {
      auto rows = conn.Exec(kCountJobs);
      if (!rows) return std::unexpected(rows.error());
      std::vector<JobCount> counts;
      for (int i = 0; i < rows->Rows(); ++i) {
        auto state = ParseJobState(rows->Text(i, 1));
        if (!state) return CorruptRow();
        counts.push_back({rows->Text(i, 0), *state, rows->Int(i, 2)});
      }
      return counts;
    });
  }

  Status Retry(std::int64_t id, Timestamp now) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kRetryJob, {now, id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() > 0) return {};
      auto untouched = JobUntouched(conn, id);
      if (untouched.error().code == Errc::kConflict) {
        return plaza::Fail(Errc::kConflict, "job is not dead");
      }
      return untouched;
    });
  }

  Result<std::int64_t> RetryDead(const std::optional<std::string>& kind, Timestamp now) override {
    if (kind && !storage::IsStorableText(*kind)) {
      return plaza::Fail(Errc::kInvalidArgument, "kind must be valid UTF-8 without NUL", "kind");
    }
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
      auto rows = kind ? conn.Exec(kRetryDeadOfKind, {now, *kind}) : conn.Exec(kRetryDead, {now});
      if (!rows) return std::unexpected(rows.error());
      return rows->Affected();
    });
  }

  Result<std::int64_t> Purge(std::optional<JobState> state, Timestamp updated_before) override {
    if (state && *state != JobState::kDone && *state != JobState::kDead) {
      return plaza::Fail(Errc::kInvalidArgument, "only done and dead jobs can be purged", "state");
    }
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
      auto rows = state ? conn.Exec(kPurgeState, {JobStateName(*state), updated_before})
                        : conn.Exec(kPurgeFinished, {updated_before});
      if (!rows) return std::unexpected(rows.error());
      return rows->Affected();
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// Posts

// The columns ReadPost() expects, joined from the post, its current revision and its author.
// `page` is the posts table or a subquery with the same columns.
#define PLAZA_POST_SELECT(page)                                                                  \
  "SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title, r.body_md, " \
  "r.body_html, r.lang, r.lang_source, r.slug, p.status, p.created_at, p.edited_at, "            \
  "p.comments, p.likes, p.reposts, p.shares, p.tips "                                            \
  "FROM " page                                                                                   \
  " p "                                                                                          \
  "JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision "               \
  "JOIN users u ON u.id = p.author_id "

constexpr char kPostById[] = PLAZA_POST_SELECT("posts") "WHERE p.id = $1";
// The page of posts is chosen first, from the index alone, and only its rows are joined: the
// plan stays a short index scan whatever the planner believes about table sizes.
constexpr char kListLive[] = PLAZA_POST_SELECT(
    "(SELECT * FROM posts WHERE status = 'live' AND id < $1 ORDER BY id DESC LIMIT $2)")
    "ORDER BY p.id DESC";
constexpr char kListLiveByAuthor[] = PLAZA_POST_SELECT(
    "(SELECT * FROM posts WHERE author_id = $1 AND status = 'live' AND id < $2 "
    "ORDER BY id DESC LIMIT $3)") "ORDER BY p.id DESC";
#undef PLAZA_POST_SELECT

// Tokens of several (post, revision) pairs at once: one round trip for a whole page.
constexpr char kTokensOfRevisions[] =
    "SELECT t.post_id, t.symbol FROM post_tokens t "
    "JOIN unnest($1::bigint[], $2::integer[]) AS k (post_id, revision) "
    "ON t.post_id = k.post_id AND t.revision = k.revision "
    "ORDER BY t.post_id, t.position";
constexpr char kTokensOfPost[] =
    "SELECT revision, symbol FROM post_tokens WHERE post_id = $1 ORDER BY revision, position";
constexpr char kInsertPost[] =
    "INSERT INTO posts (author_id, current_revision, lang, lang_source, slug, status, "
    "created_at) VALUES ($1, 1, $2, $3, $4, 'live', $5) RETURNING id";
constexpr char kInsertRevision[] =
    "INSERT INTO post_revisions (post_id, revision, title, body_md, body_html, lang, "
    "lang_source, slug, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr char kInsertTokens[] =
    "INSERT INTO post_tokens (post_id, revision, position, symbol) "
    "SELECT $1, $2, t.ord - 1, t.symbol FROM unnest($3::text[]) WITH ORDINALITY AS t (symbol, ord)";
constexpr char kLockPost[] = "SELECT status, current_revision FROM posts WHERE id = $1 FOR UPDATE";
constexpr char kMoveRevision[] =
    "UPDATE posts SET current_revision = $1, lang = $2, lang_source = $3, slug = $4, "
    "edited_at = $5 WHERE id = $6";
constexpr char kMarkDeleted[] =
    "UPDATE posts SET status = 'deleted', deleted_at = $1 WHERE id = $2 AND status <> 'deleted'";
constexpr char kPostExists[] = "SELECT 1 FROM posts WHERE id = $1";
constexpr char kDeleteSummaries[] = "DELETE FROM summaries WHERE post_id = $1";
constexpr char kRevisionsOfPost[] =
    "SELECT revision, title, body_md, body_html, lang, lang_source, slug "
    "FROM post_revisions WHERE post_id = $1 ORDER BY revision";
constexpr char kCountPosts[] = "SELECT count(*) FROM posts";

Result<Post> ReadPost(const PgResult& rows, int row) {
  Post post;
  post.id = rows.Int(row, 0);
  post.author_id = rows.Int(row, 1);
  post.author_handle = rows.Text(row, 2);
  post.author_display_name = rows.Text(row, 3);
  post.revision = static_cast<int>(rows.Int(row, 4));
  post.title = rows.Text(row, 5);
  post.body_md = rows.Text(row, 6);
  post.body_html = rows.Text(row, 7);
  post.lang = rows.Text(row, 8);
  auto lang_source = storage::ParseLangSource(rows.Text(row, 9));
  post.slug = rows.Text(row, 10);
  auto status = storage::ParsePostStatus(rows.Text(row, 11));
  if (!lang_source || !status) return CorruptRow();
  post.lang_source = *lang_source;
  post.status = *status;
  post.created_at = rows.Int(row, 12);
  post.edited_at = rows.Int(row, 13);
  post.counts.comments = rows.Int(row, 14);
  post.counts.likes = rows.Int(row, 15);
  post.counts.reposts = rows.Int(row, 16);
  post.counts.shares = rows.Int(row, 17);
  post.counts.tips = rows.Int(row, 18);
  return post;
}

// Fills in the cashtags of each post's current revision. Tokens of a revision never change, so
// this needs no transaction around the query that read the posts.
Status LoadCashtags(PgConnection& conn, std::vector<Post>& posts) {
  if (posts.empty()) return {};
  std::vector<std::int64_t> ids;
  std::vector<std::int64_t> revisions;
  std::unordered_map<std::int64_t, Post*> by_id;
  for (auto& post : posts) {
    ids.push_back(post.id);
    revisions.push_back(post.revision);
    by_id[post.id] = &post;
  }
  auto rows =
      conn.Exec(kTokensOfRevisions, {pg::IntArrayLiteral(ids), pg::IntArrayLiteral(revisions)});
  if (!rows) return std::unexpected(rows.error());
  for (int i = 0; i < rows->Rows(); ++i) {
    auto it = by_id.find(rows->Int(i, 0));
    if (it == by_id.end()) return CorruptRow();
    it->second->cashtags.push_back(rows->Text(i, 1));
  }
  return {};
}

Result<Post> LoadPost(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(kPostById, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->Rows() == 0) return Fail(Errc::kNotFound, "post not found");
  auto post = ReadPost(*rows, 0);
  if (!post) return post;
  std::vector<Post> one{std::move(*post)};
  if (auto s = LoadCashtags(conn, one); !s) return std::unexpected(s.error());
  return std::move(one.front());
}

Status InsertRevision(PgConnection& conn, std::int64_t post_id, int revision,
                      const RevisionContent& content, Timestamp at) {
  auto inserted =
      conn.Exec(kInsertRevision,
                {post_id, revision, content.title, content.body_md, content.body_html, content.lang,
                 storage::LangSourceName(content.lang_source), content.slug, at});
  if (!inserted) return std::unexpected(inserted.error());
  if (content.cashtags.empty()) return {};
  auto tokens =
      conn.Exec(kInsertTokens, {post_id, revision, pg::TextArrayLiteral(content.cashtags)});
  if (!tokens) return std::unexpected(tokens.error());
  return {};
}

Result<bool> PostExists(PgConnection& conn, std::int64_t id) {
  auto rows = conn.Exec(kPostExists, {id});
  if (!rows) return std::unexpected(rows.error());
  return rows->Rows() > 0;
}

class PgPostStore final : public PostStore {
 public:
  explicit PgPostStore(PgPool& pool) : pool_(pool) {}

  Result<Post> Create(const NewPost& post) override {
    if (auto s = storage::CheckRevision(post.content); !s) return std::unexpected(s.error());
    if (auto s = storage::CheckRevisionJobs(post.jobs); !s) return std::unexpected(s.error());
    return pool_.InTransaction([&](PgConnection& conn) -> Result<Post> {
      auto rows = conn.Exec(kInsertPost, {post.author_id, post.content.lang,
                                          storage::LangSourceName(post.content.lang_source),
                                          post.content.slug, post.created_at});
      if (!rows) {
        if (rows.error().code == Errc::kNotFound) {
          return std::unexpected(Refine(rows.error(), "author not found", "author_id"));
        }
        return std::unexpected(rows.error());
      }
      const std::int64_t id = rows->Int(0, 0);
      if (auto s = InsertRevision(conn, id, 1, post.content, post.created_at); !s) {
        return std::unexpected(s.error());
      }
      if (auto s = InsertRevisionJobs(conn, id, 1, post.jobs, post.created_at); !s) {
        return std::unexpected(s.error());
      }
      return LoadPost(conn, id);
    });
  }

  Result<Post> Get(std::int64_t id) override {
    return pool_.WithConnection([&](PgConnection& conn) { return LoadPost(conn, id); });
  }

  Result<Post> Edit(const PostEdit& edit) override {
    if (auto s = storage::CheckRevision(edit.content); !s) return std::unexpected(s.error());
    if (auto s = storage::CheckRevisionJobs(edit.jobs); !s) return std::unexpected(s.error());
    return pool_.InTransaction([&](PgConnection& conn) -> Result<Post> {
      // The row lock makes a concurrent edit of the same post wait here, then see the revision
      // the first one stored: exactly one of two racing edits wins.
      auto state = conn.Exec(kLockPost, {edit.post_id});
      if (!state) return std::unexpected(state.error());
      if (state->Rows() == 0) return Fail(Errc::kNotFound, "post not found");
      if (state->Text(0, 0) != storage::PostStatusName(PostStatus::kLive)) {
        return Fail(Errc::kGone, "post is deleted");
      }
      if (state->Int(0, 1) != edit.expected_revision) {
        return Fail(Errc::kConflict, "post was edited since this revision", "revision");
      }
      const int revision = edit.expected_revision + 1;
      if (auto s = InsertRevision(conn, edit.post_id, revision, edit.content, edit.edited_at); !s) {
        return std::unexpected(s.error());
      }
      if (auto s = InsertRevisionJobs(conn, edit.post_id, revision, edit.jobs, edit.edited_at);
          !s) {
        return std::unexpected(s.error());
      }
      auto moved = conn.Exec(kMoveRevision, {revision, edit.content.lang,
                                             storage::LangSourceName(edit.content.lang_source),
                                             edit.content.slug, edit.edited_at, edit.post_id});
      if (!moved) return std::unexpected(moved.error());
      return LoadPost(conn, edit.post_id);
    });
  }

  Status Delete(std::int64_t id, Timestamp at) override {
    return pool_.InTransaction([&](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kMarkDeleted, {at, id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() == 0) {
        auto exists = PostExists(conn, id);
        if (!exists) return std::unexpected(exists.error());
        if (!*exists) return Fail(Errc::kNotFound, "post not found");
        // Already deleted: its summaries are gone too, but deleting again costs nothing.
      }
      auto deleted = conn.Exec(kDeleteSummaries, {id});
      if (!deleted) return std::unexpected(deleted.error());
      return {};
    });
  }

  Result<PostListPage> List(std::optional<std::int64_t> before_id, int limit,
                            std::optional<std::int64_t> author_id) override {
    auto checked_limit = storage::CheckListLimit(limit);
    if (!checked_limit) return std::unexpected(checked_limit.error());
    const int page_size = *checked_limit;
    const std::int64_t below = before_id.value_or(std::numeric_limits<std::int64_t>::max());
    // One row more than asked tells whether another page exists.
    const std::int64_t fetch = static_cast<std::int64_t>(page_size) + 1;
    return pool_.WithConnection([&](PgConnection& conn) -> Result<PostListPage> {
      auto rows = author_id ? conn.Exec(kListLiveByAuthor, {*author_id, below, fetch})
                            : conn.Exec(kListLive, {below, fetch});
      if (!rows) return std::unexpected(rows.error());
      PostListPage page;
      for (int i = 0; i < rows->Rows(); ++i) {
        auto post = ReadPost(*rows, i);
        if (!post) return std::unexpected(post.error());
        page.items.push_back(std::move(*post));
      }
      if (page.items.size() > static_cast<std::size_t>(page_size)) {
        page.items.pop_back();
        page.next_before_id = page.items.back().id;
      }
      if (auto s = LoadCashtags(conn, page.items); !s) return std::unexpected(s.error());
      return page;
    });
  }

  Result<std::int64_t> Count() override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::int64_t> {
      auto rows = conn.Exec(kCountPosts);
      if (!rows) return std::unexpected(rows.error());
      return rows->Int(0, 0);
    });
  }

  Result<std::vector<RevisionContent>> Revisions(std::int64_t id) override {
    // Revisions and their tokens only ever grow; a repeatable-read snapshot keeps the two
    // queries in step with each other while an edit lands.
    return pool_.InTransaction([&](PgConnection& conn) -> Result<std::vector<RevisionContent>> {
      if (auto s = conn.ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          !s) {
        return std::unexpected(s.error());
      }
      auto exists = PostExists(conn, id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists) return Fail(Errc::kNotFound, "post not found");
      auto rows = conn.Exec(kRevisionsOfPost, {id});
      if (!rows) return std::unexpected(rows.error());
      std::vector<RevisionContent> revisions;
      for (int i = 0; i < rows->Rows(); ++i) {
        // Revisions are numbered 1, 2, ... without gaps: the vector index is revision - 1.
        if (rows->Int(i, 0) != i + 1) return CorruptRow();
        RevisionContent content;
        content.title = rows->Text(i, 1);
        content.body_md = rows->Text(i, 2);
        content.body_html = rows->Text(i, 3);
        content.lang = rows->Text(i, 4);
        auto lang_source = storage::ParseLangSource(rows->Text(i, 5));
        if (!lang_source) return CorruptRow();
        content.lang_source = *lang_source;
        content.slug = rows->Text(i, 6);
        revisions.push_back(std::move(content));
      }
      auto tokens = conn.Exec(kTokensOfPost, {id});
      if (!tokens) return std::unexpected(tokens.error());
      for (int i = 0; i < tokens->Rows(); ++i) {
        const std::int64_t revision = tokens->Int(i, 0);
        if (revision < 1 || revision > static_cast<std::int64_t>(revisions.size())) {
          return CorruptRow();
        }
        revisions[static_cast<std::size_t>(revision - 1)].cashtags.push_back(tokens->Text(i, 1));
      }
      return revisions;
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// Summaries

// FOR SHARE: a concurrent Delete (which updates the row) waits for this transaction, or this
// one waits for it and then sees the post deleted; a summary never outlives its post.
constexpr char kSharePost[] = "SELECT status, current_revision FROM posts WHERE id = $1 FOR SHARE";
constexpr char kPutSummary[] =
    "INSERT INTO summaries (post_id, revision, status, text, lang, engine, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (post_id, revision) DO UPDATE SET "
    "status = excluded.status, text = excluded.text, lang = excluded.lang, "
    "engine = excluded.engine, updated_at = excluded.updated_at";
constexpr char kSummariesOfPost[] =
    "SELECT post_id, revision, status, text, lang, engine, updated_at FROM summaries "
    "WHERE post_id = $1 ORDER BY revision DESC";

class PgSummaryStore final : public SummaryStore {
 public:
  explicit PgSummaryStore(PgPool& pool) : pool_(pool) {}

  Status Put(const Summary& summary, const std::optional<JobTicket>& completes) override {
    if (auto s = storage::CheckSummary(summary); !s) return s;
    if (completes && !storage::IsStorableText(completes->owner)) {
      return Fail(Errc::kInvalidArgument, "owner must be valid UTF-8 without NUL", "owner");
    }
    return pool_.InTransaction([&](PgConnection& conn) -> Status {
      auto post = conn.Exec(kSharePost, {summary.post_id});
      if (!post) return std::unexpected(post.error());
      if (post->Rows() == 0 || post->Text(0, 0) != storage::PostStatusName(PostStatus::kLive)) {
        return Fail(Errc::kNotFound, "post not found", "post_id");
      }
      if (summary.revision > post->Int(0, 1)) {
        return Fail(Errc::kNotFound, "post has no such revision", "revision");
      }
      auto put = conn.Exec(kPutSummary,
                           {summary.post_id, summary.revision, SummaryStatusName(summary.status),
                            summary.text, summary.lang, summary.engine, summary.updated_at});
      if (!put) return std::unexpected(put.error());
      if (completes) {
        // Not running under that owner any more (a reclaim, an operator): the summary stands.
        auto done =
            conn.Exec(kCompleteJob, {summary.updated_at, completes->job_id, completes->owner});
        if (!done) return std::unexpected(done.error());
      }
      return {};
    });
  }

  Result<std::vector<Summary>> ForPost(std::int64_t post_id) override {
    return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Summary>> {
      auto rows = conn.Exec(kSummariesOfPost, {post_id});
      if (!rows) return std::unexpected(rows.error());
      std::vector<Summary> summaries;
      for (int i = 0; i < rows->Rows(); ++i) {
        Summary summary;
        summary.post_id = rows->Int(i, 0);
        summary.revision = static_cast<int>(rows->Int(i, 1));
        auto status = storage::ParseSummaryStatus(rows->Text(i, 2));
        if (!status) return CorruptRow();
        summary.status = *status;
        summary.text = rows->Text(i, 3);
        summary.lang = rows->Text(i, 4);
        summary.engine = rows->Text(i, 5);
        summary.updated_at = rows->Int(i, 6);
        summaries.push_back(std::move(summary));
      }
      return summaries;
    });
  }

 private:
  PgPool& pool_;
};

// ---------------------------------------------------------------------------------------------
// The store

// An arbitrary constant shared by every Plaza instance: the advisory lock that serializes
// migrations ("plaza" in ASCII).
constexpr char kLockMigrations[] = "SELECT pg_advisory_xact_lock(482854664801)";
constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr char kSchemaVersion[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)";
constexpr char kPing[] = "SELECT 1";

class PgStore final : public Store {
 public:
  explicit PgStore(std::unique_ptr<PgPool> pool)
      : pool_(std::move(pool)),
        users_(*pool_),
        sessions_(*pool_),
        posts_(*pool_),
        jobs_(*pool_),
        summaries_(*pool_) {}

  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  PostStore& posts() override { return posts_; }
  JobStore& jobs() override { return jobs_; }
  SummaryStore& summaries() override { return summaries_; }
  std::string BackendName() const override { return "postgresql"; }

  Result<int> Migrate() override {
    return pool_->InTransaction([](PgConnection& conn) -> Result<int> {
      // Held until COMMIT: a second instance migrating at the same time waits here, then finds
      // the steps already applied.
      if (auto s = conn.ExecScript(kLockMigrations); !s) return std::unexpected(s.error());
      if (auto s = conn.ExecScript(kCreateMigrationsTable); !s) return std::unexpected(s.error());
      auto rows = conn.Exec(kSchemaVersion);
      if (!rows) return std::unexpected(rows.error());
      int version = static_cast<int>(rows->Int(0, 0));
      auto pending = storage::PendingMigrations(pg::Migrations(), version);
      if (!pending) return std::unexpected(pending.error());
      for (const storage::Migration* migration : *pending) {
        if (auto s = conn.ExecScript(migration->sql); !s) return std::unexpected(s.error());
        auto recorded = conn.Exec(kRecordMigration, {migration->version, migration->name});
        if (!recorded) return std::unexpected(recorded.error());
        version = migration->version;
      }
      return version;
    });
  }

  Status Ping() override {
    return pool_->WithConnection([](PgConnection& conn) -> Status {
      auto rows = conn.Exec(kPing);
      if (!rows) return std::unexpected(rows.error());
      return {};
    });
  }

  Status Backup(const std::string&) override {
    return Fail(Errc::kInvalidArgument,
                "online backup is for SQLite; back up PostgreSQL with pg_dump (or your "
                "provider's snapshots)",
                "path");
  }

  PoolStats Pool() const override { return pool_->Stats(); }

 private:
  std::unique_ptr<PgPool> pool_;
  PgUserStore users_;
  PgSessionStore sessions_;
  PgPostStore posts_;
  PgJobStore jobs_;
  PgSummaryStore summaries_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPgStore(const std::string& conninfo,
                                           const StoreOptions& options) {
  auto pool = PgPool::Open(conninfo, options);
  if (!pool) return std::unexpected(pool.error());
  return std::unique_ptr<Store>(new PgStore(std::move(*pool)));
}

}  // namespace plaza
