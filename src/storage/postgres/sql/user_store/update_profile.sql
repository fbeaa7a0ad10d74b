UPDATE users SET display_name = $1, bio = $2 WHERE id = $3
