-- No row back: another transaction holds the key (this one waited for it to commit).
INSERT INTO idempotency_keys (user_id, key, request, tx_id, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, key) DO NOTHING
RETURNING tx_id
