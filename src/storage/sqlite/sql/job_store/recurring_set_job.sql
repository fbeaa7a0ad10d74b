-- The job of the period just taken. ?1 kind, ?2 job id.
UPDATE recurring_jobs SET job_id = ?2 WHERE kind = ?1
