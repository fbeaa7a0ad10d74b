#include "storage/sqlite/sqlite_migrations.hpp"

namespace plaza::sqlite {

namespace {

// Timestamps are INTEGER microseconds since the Unix epoch (UTC). Enums are stored by name so
// an operator reading the database sees "live", not 0. STRICT tables refuse values of the wrong
// type instead of silently converting them.
constexpr char kV1Core[] = R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  handle        TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  bio           TEXT    NOT NULL DEFAULT '',
  locale        TEXT    NOT NULL DEFAULT '',
  role          TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf       TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('browser', 'api_token')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- AUTOINCREMENT: ids are never reused, even after the newest post is removed, so paging by
-- "id < before_id" stays stable.
CREATE TABLE posts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id        INTEGER NOT NULL REFERENCES users (id),
  current_revision INTEGER NOT NULL,
  lang             TEXT    NOT NULL,
  lang_source      TEXT    NOT NULL CHECK (lang_source IN ('detected', 'author')),
  slug             TEXT    NOT NULL DEFAULT '',
  status           TEXT    NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'deleted', 'hidden')),
  created_at       INTEGER NOT NULL,
  edited_at        INTEGER NOT NULL DEFAULT 0,
  deleted_at       INTEGER NOT NULL DEFAULT 0,
  comments         INTEGER NOT NULL DEFAULT 0,
  likes            INTEGER NOT NULL DEFAULT 0,
  reposts          INTEGER NOT NULL DEFAULT 0,
  shares           INTEGER NOT NULL DEFAULT 0,
  tips             INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The home page and profile pages: newest live posts, optionally of one author.
CREATE INDEX posts_by_status ON posts (status, id);
CREATE INDEX posts_by_author ON posts (author_id, status, id);

CREATE TABLE post_revisions (
  post_id     INTEGER NOT NULL REFERENCES posts (id),
  revision    INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  body_md     TEXT    NOT NULL,
  body_html   TEXT    NOT NULL,
  lang        TEXT    NOT NULL,
  lang_source TEXT    NOT NULL CHECK (lang_source IN ('detected', 'author')),
  slug        TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (post_id, revision)
) STRICT;

-- Cashtags per revision, in order of first mention; a post's current tokens are those of its
-- current revision.
CREATE TABLE post_tokens (
  post_id  INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  position INTEGER NOT NULL,
  symbol   TEXT    NOT NULL,
  PRIMARY KEY (post_id, revision, position),
  FOREIGN KEY (post_id, revision) REFERENCES post_revisions (post_id, revision)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_tokens_by_symbol ON post_tokens (symbol, post_id);
)sql";

// The durable job queue and post summaries.
constexpr char kV2JobsSummaries[] = R"sql(
-- One row per unit of background work. (kind, dedupe_key) is unique so enqueueing the same work
-- twice is harmless. lease_owner/lease_until are '' and 0 unless the job is running.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT    NOT NULL CHECK (kind <> ''),
  dedupe_key   TEXT    NOT NULL CHECK (dedupe_key <> ''),
  payload      TEXT    NOT NULL DEFAULT '',
  state        TEXT    NOT NULL DEFAULT 'queued'
                       CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_after    INTEGER NOT NULL,
  lease_owner  TEXT    NOT NULL DEFAULT '',
  lease_until  INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT    NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (kind, dedupe_key)
) STRICT;
-- Claim: due queued jobs in run_after order, of one kind or of any kind. Partial indexes stay
-- as small as the backlog, however many done jobs the table keeps.
CREATE INDEX jobs_queued_by_kind ON jobs (kind, run_after, id) WHERE state = 'queued';
CREATE INDEX jobs_queued ON jobs (run_after, id) WHERE state = 'queued';
-- Claim: running jobs whose lease expired.
CREATE INDEX jobs_leases ON jobs (lease_until) WHERE state = 'running';
-- Operators: list by state, retry dead jobs, purge old ones.
CREATE INDEX jobs_by_state ON jobs (state, id);

-- The summary of each revision of a post. Deleting a post deletes its summaries.
CREATE TABLE summaries (
  post_id    INTEGER NOT NULL REFERENCES posts (id),
  revision   INTEGER NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('ready', 'none', 'failed')),
  text       TEXT    NOT NULL DEFAULT '',
  lang       TEXT    NOT NULL DEFAULT '',
  engine     TEXT    NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, revision),
  FOREIGN KEY (post_id, revision) REFERENCES post_revisions (post_id, revision)
) STRICT, WITHOUT ROWID;
-- Posts stored before this migration get the summary job every new revision gets with it
-- (posts/posts.cpp: kind "summary", 5 attempts, dedupe key "post:<id>:<revision>").
INSERT INTO jobs (kind, dedupe_key, payload, max_attempts, run_after, created_at, updated_at)
SELECT 'summary', 'post:' || id || ':' || current_revision, 'post:' || id || ':' || current_revision,
       5, 0, created_at, created_at
FROM posts WHERE status = 'live';
)sql";

constexpr storage::Migration kMigrations[] = {
    {1, "users, sessions, posts", kV1Core},
    {2, "jobs, summaries", kV2JobsSummaries},
};

}  // namespace

std::span<const storage::Migration> Migrations() { return kMigrations; }

}  // namespace plaza::sqlite
