-- Inserts unless a job of that kind and dedupe key exists (then returns no row).
-- Columns as storage::JobFromRow() reads them.
INSERT INTO jobs (kind, dedupe_key, payload, max_attempts, run_after, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6)
ON CONFLICT (kind, dedupe_key) DO NOTHING
RETURNING id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
