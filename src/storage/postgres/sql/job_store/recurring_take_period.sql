-- Takes period $2 of kind $1 for the caller: changes the row only when no caller took it (or a
-- later one) before. $3 now.
UPDATE recurring_jobs SET period_start = $2, updated_at = $3
WHERE kind = $1 AND period_start < $2
