-- A second share by the same reader changes nothing (Changes() tells).
INSERT OR IGNORE INTO shares (post_id, user_id, created_at) VALUES (?, ?, ?)
