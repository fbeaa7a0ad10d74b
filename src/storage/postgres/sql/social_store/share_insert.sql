-- A second share by the same reader changes nothing (Changes() tells).
INSERT INTO shares (post_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
