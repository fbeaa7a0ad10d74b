SELECT id FROM comments WHERE author_id = ? AND idempotency_key = ? AND idempotency_key <> ''
