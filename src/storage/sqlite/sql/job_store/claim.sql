-- Columns as storage::JobFromRow() reads them.
UPDATE jobs
SET state = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
WHERE id = ?
RETURNING id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
