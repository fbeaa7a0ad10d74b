UPDATE jobs
SET state = 'queued', attempts = 0, run_after = ?1, lease_owner = '', lease_until = 0,
    updated_at = ?1
WHERE state = 'dead' AND kind = ?2
