UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?
