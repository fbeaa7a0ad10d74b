UPDATE users SET display_name = ?, bio = ? WHERE id = ?
