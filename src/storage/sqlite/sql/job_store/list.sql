-- List: one statement per combination of filters, so each can use its index.
-- Columns as storage::JobFromRow() reads them.
SELECT id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_until, last_error, created_at, updated_at
FROM jobs
WHERE id < ?
ORDER BY id DESC LIMIT ?
