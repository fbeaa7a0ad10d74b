-- The oldest due queued jobs and the oldest expired leases, each side read in order from its
-- partial index and locked with SKIP LOCKED (rows another claimer holds are passed over, never
-- waited for), then the best $4 (limit) of both claimed. MATERIALIZED: the candidate list is
-- computed exactly once. $1 = now, $2 = owner, $3 = lease until, $5 = kinds.
-- Columns as storage::JobFromRow() reads them.
WITH candidates AS MATERIALIZED (
  SELECT id FROM (
    SELECT id, run_after FROM (
      SELECT id, run_after FROM jobs
      WHERE state = 'queued' AND run_after <= $1 AND kind = ANY($5::text[])
      ORDER BY run_after, id LIMIT $4 FOR UPDATE SKIP LOCKED) AS due
    UNION ALL
    SELECT id, run_after FROM (
      SELECT id, run_after FROM jobs
      WHERE state = 'running' AND lease_until < $1 AND attempts < max_attempts AND kind = ANY($5::text[])
      ORDER BY run_after, id LIMIT $4 FOR UPDATE SKIP LOCKED) AS expired
  ) AS both_sides
  ORDER BY run_after, id LIMIT $4)
UPDATE jobs
SET state = 'running', lease_owner = $2, lease_until = $3, attempts = attempts + 1,
    updated_at = $1
WHERE id IN (SELECT id FROM candidates)
RETURNING id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
