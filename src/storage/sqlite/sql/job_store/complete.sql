UPDATE jobs SET state = 'done', lease_owner = '', lease_until = 0, updated_at = ?
WHERE id = ? AND state = 'running' AND lease_owner = ?
