UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at = 0 AND id <= $3
