DELETE FROM reposts WHERE post_id = ? AND user_id = ?
