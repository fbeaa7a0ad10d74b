SELECT status FROM posts WHERE id = ?
