UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0 AND id <= ?
