-- Claim candidates (id, run_after): the oldest due queued jobs, read in order from a partial
-- index, and the expired leases (few: at most the batches of dead workers); the caller merges
-- both sides. ?1 = now, ?2 = limit, ?3 = kind.
SELECT id, run_after FROM (
  SELECT id, run_after FROM jobs INDEXED BY jobs_queued_by_kind
  WHERE state = 'queued' AND kind = ?3 AND run_after <= ?1
  ORDER BY run_after, id LIMIT ?2)
UNION ALL
SELECT id, run_after FROM (
  SELECT id, run_after FROM jobs INDEXED BY jobs_leases
  WHERE state = 'running' AND lease_until < ?1 AND attempts < max_attempts AND kind = ?3
  ORDER BY run_after, id LIMIT ?2)
