SELECT 1 FROM posts WHERE id = ?
