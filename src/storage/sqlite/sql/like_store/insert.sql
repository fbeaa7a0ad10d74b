INSERT INTO likes (target, target_id, user_id, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (target, target_id, user_id) DO NOTHING
