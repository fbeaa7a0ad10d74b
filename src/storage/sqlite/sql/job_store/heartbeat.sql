UPDATE jobs SET lease_until = ?
WHERE id = ? AND state = 'running' AND lease_owner = ?
