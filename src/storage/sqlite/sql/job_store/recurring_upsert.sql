-- Records a recurring kind, or its new period. ?1 kind, ?2 period_us, ?3 now.
INSERT INTO recurring_jobs (kind, period_us, period_start, job_id, updated_at)
VALUES (?1, ?2, -1, 0, ?3)
ON CONFLICT (kind) DO UPDATE SET period_us = excluded.period_us
WHERE recurring_jobs.period_us <> excluded.period_us
