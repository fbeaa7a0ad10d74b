-- name: jobs, summaries
-- The durable job queue and post summaries.
-- One row per unit of background work. (kind, dedupe_key) is unique so enqueueing the same work
-- twice is harmless. lease_owner/lease_until are '' and 0 unless the job is running.
CREATE TABLE jobs (
  id           BIGSERIAL PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind <> ''),
  dedupe_key   TEXT    NOT NULL CHECK (dedupe_key <> ''),
  payload      TEXT    NOT NULL DEFAULT '',
  state        TEXT    NOT NULL DEFAULT 'queued'
                       CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_after    BIGINT  NOT NULL,
  lease_owner  TEXT    NOT NULL DEFAULT '',
  lease_until  BIGINT  NOT NULL DEFAULT 0,
  last_error   TEXT    NOT NULL DEFAULT '',
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  UNIQUE (kind, dedupe_key)
);
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
  post_id    BIGINT  NOT NULL REFERENCES posts (id),
  revision   INTEGER NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('ready', 'none', 'failed')),
  text       TEXT    NOT NULL DEFAULT '',
  lang       TEXT    NOT NULL DEFAULT '',
  engine     TEXT    NOT NULL DEFAULT '',
  updated_at BIGINT  NOT NULL,
  PRIMARY KEY (post_id, revision),
  FOREIGN KEY (post_id, revision) REFERENCES post_revisions (post_id, revision)
);
-- Posts stored before this migration get the summary job every new revision gets with it
-- (posts/posts.cpp: kind "summary", 5 attempts, dedupe key "post:<id>:<revision>").
INSERT INTO jobs (kind, dedupe_key, payload, max_attempts, run_after, created_at, updated_at)
SELECT 'summary', 'post:' || id || ':' || current_revision, 'post:' || id || ':' || current_revision,
       5, 0, created_at, created_at
FROM posts WHERE status = 'live';
