-- ?1 = retry at, ?2 = error, ?3 = now, ?4 = id, ?5 = owner.
UPDATE jobs
SET state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'dead' END,
    run_after = CASE WHEN attempts < max_attempts THEN ?1 ELSE run_after END,
    last_error = ?2, lease_owner = '', lease_until = 0, updated_at = ?3
WHERE id = ?4 AND state = 'running' AND lease_owner = ?5
RETURNING state
