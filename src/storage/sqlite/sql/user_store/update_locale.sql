UPDATE users SET locale = ? WHERE id = ?
