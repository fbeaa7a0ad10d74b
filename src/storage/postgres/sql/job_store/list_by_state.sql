-- List: one statement per combination of filters, so each gets a plan of its own.
-- Columns as storage::JobFromRow() reads them.
SELECT id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
FROM jobs
WHERE state = $1 AND id < $2
ORDER BY id DESC LIMIT $3
