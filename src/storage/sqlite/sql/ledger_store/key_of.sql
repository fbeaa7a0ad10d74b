SELECT request, tx_id FROM idempotency_keys WHERE user_id = ? AND key = ?
