-- Gives a claimed job back without counting the attempt.
UPDATE jobs
SET state = 'queued', attempts = max(attempts - 1, 0), run_after = ?1,
    lease_owner = '', lease_until = 0, updated_at = ?1
WHERE id = ?2 AND state = 'running' AND lease_owner = ?3
