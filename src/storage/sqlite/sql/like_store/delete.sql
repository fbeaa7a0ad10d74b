DELETE FROM likes WHERE target = ? AND target_id = ? AND user_id = ?
