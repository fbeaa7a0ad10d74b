UPDATE users SET locale = $1 WHERE id = $2
