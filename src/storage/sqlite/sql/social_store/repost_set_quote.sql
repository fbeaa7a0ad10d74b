UPDATE reposts SET quote = ? WHERE post_id = ? AND user_id = ?
