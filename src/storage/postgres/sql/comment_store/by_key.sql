SELECT id FROM comments WHERE author_id = $1 AND idempotency_key = $2 AND idempotency_key <> ''
