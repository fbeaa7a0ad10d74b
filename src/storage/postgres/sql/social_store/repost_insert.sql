INSERT INTO reposts (post_id, user_id, quote, created_at) VALUES ($1, $2, $3, $4)
