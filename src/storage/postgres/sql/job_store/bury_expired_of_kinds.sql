-- Expired leases on the last attempt end the job instead of being claimed again. $2 = kinds.
-- Columns as storage::JobFromRow() reads them.
UPDATE jobs
SET state = 'dead', last_error = 'lease expired', lease_owner = '', lease_until = 0,
    updated_at = $1
WHERE id IN (
  SELECT id FROM jobs
  WHERE state = 'running' AND lease_until < $1 AND attempts >= max_attempts AND kind = ANY($2::text[])
  FOR UPDATE SKIP LOCKED)
RETURNING id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
