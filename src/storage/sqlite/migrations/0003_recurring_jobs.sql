-- name: recurring jobs
-- The schedule of each recurring job kind (docs/jobs.md): its period and the start of the latest
-- period whose job was enqueued. Claiming a period is an UPDATE of this row guarded by
-- period_start < the new start, so however many runners tick, one enqueues each period's job.
CREATE TABLE recurring_jobs (
  kind         TEXT    PRIMARY KEY CHECK (kind <> ''),
  period_us    INTEGER NOT NULL CHECK (period_us > 0),
  period_start INTEGER NOT NULL,  -- -1 until the first period is enqueued
  job_id       INTEGER NOT NULL DEFAULT 0,  -- that period's job (0: none yet)
  updated_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
