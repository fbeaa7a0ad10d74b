INSERT INTO likes (target, target_id, user_id, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (target, target_id, user_id) DO NOTHING
