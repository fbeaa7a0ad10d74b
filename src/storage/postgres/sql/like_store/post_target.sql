SELECT status, author_id, id, status FROM posts WHERE id = $1
