-- Every recurring kind with the job of its latest period (NULL columns when none, or purged).
-- Columns as storage::RecurringFromRow() reads them.
SELECT r.kind, r.period_us, r.period_start, COALESCE(j.id, 0), COALESCE(j.state, ''),
  COALESCE(j.updated_at, 0)
FROM recurring_jobs r LEFT JOIN jobs j ON j.id = r.job_id
ORDER BY r.kind
