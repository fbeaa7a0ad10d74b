UPDATE jobs SET state = 'done', lease_owner = '', lease_until = 0, updated_at = $1
WHERE id = $2 AND state = 'running' AND lease_owner = $3
