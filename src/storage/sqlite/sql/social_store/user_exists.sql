SELECT 1 FROM users WHERE id = ?
