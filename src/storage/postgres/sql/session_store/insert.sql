INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, expires_at, public_id,
                      last_seen_at, device, address)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
