DELETE FROM sessions WHERE user_id = ? AND public_id = ?
