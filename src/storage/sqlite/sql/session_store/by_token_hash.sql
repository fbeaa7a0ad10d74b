-- Columns as storage::SessionFromRow() reads them.
SELECT token_hash, user_id, csrf, kind, created_at, expires_at, public_id, last_seen_at, device,
       address
FROM sessions
WHERE token_hash = ?
