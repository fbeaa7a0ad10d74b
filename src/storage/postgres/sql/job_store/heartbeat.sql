UPDATE jobs SET lease_until = $1
WHERE id = $2 AND state = 'running' AND lease_owner = $3
