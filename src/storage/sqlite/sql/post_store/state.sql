SELECT status, current_revision FROM posts WHERE id = ?
