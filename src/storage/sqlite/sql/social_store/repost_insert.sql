INSERT INTO reposts (post_id, user_id, quote, created_at) VALUES (?, ?, ?, ?)
