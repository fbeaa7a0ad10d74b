DELETE FROM sessions
WHERE expires_at <= ?1
   OR (kind = ?2 AND (created_at <= ?3 OR last_seen_at <= ?4))
   OR (kind = ?5 AND (created_at <= ?6 OR last_seen_at <= ?7))
