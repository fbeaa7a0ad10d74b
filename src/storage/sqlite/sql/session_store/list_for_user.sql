-- Columns as storage::SessionFromRow() reads them. A user has few sessions; the list is whole.
SELECT token_hash, user_id, csrf, kind, created_at, expires_at, public_id, last_seen_at, device,
       address
FROM sessions
WHERE user_id = ?
ORDER BY last_seen_at DESC, created_at DESC
