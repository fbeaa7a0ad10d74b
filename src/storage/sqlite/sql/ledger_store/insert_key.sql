INSERT INTO idempotency_keys (user_id, key, request, tx_id, created_at) VALUES (?, ?, ?, ?, ?)
