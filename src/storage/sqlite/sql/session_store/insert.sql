INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, expires_at, public_id,
                      last_seen_at, device, address)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
