SELECT status FROM posts WHERE id = $1
