-- Expired leases on the last attempt end the job instead of being claimed again.
-- INDEXED BY pins the claim statements to their partial indexes: without statistics SQLite
-- would pick jobs_by_state and sort the whole backlog on every claim.
-- Columns as storage::JobFromRow() reads them.
UPDATE jobs INDEXED BY jobs_leases
SET state = 'dead', last_error = 'lease expired', lease_owner = '', lease_until = 0,
    updated_at = ?1
WHERE state = 'running' AND lease_until < ?1 AND attempts >= max_attempts AND kind = ?2
RETURNING id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
