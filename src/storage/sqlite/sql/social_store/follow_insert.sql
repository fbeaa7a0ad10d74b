INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)
