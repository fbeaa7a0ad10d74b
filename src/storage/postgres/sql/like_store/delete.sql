DELETE FROM likes WHERE target = $1 AND target_id = $2 AND user_id = $3
