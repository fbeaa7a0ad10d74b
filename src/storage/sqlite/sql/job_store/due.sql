-- Claim candidates (id, run_after): the oldest due queued jobs, read in order from a partial
-- index, and the expired leases (few: at most the batches of dead workers); the caller merges
-- both sides. ?1 = now, ?2 = limit.
SELECT id, run_after FROM (
  SELECT id, run_after FROM jobs INDEXED BY jobs_queued
  WHERE state = 'queued' AND run_after <= ?1
  ORDER BY run_after, id LIMIT ?2)
UNION ALL
SELECT id, run_after FROM (
  SELECT id, run_after FROM jobs INDEXED BY jobs_leases
  WHERE state = 'running' AND lease_until < ?1 AND attempts < max_attempts
  ORDER BY run_after, id LIMIT ?2)
