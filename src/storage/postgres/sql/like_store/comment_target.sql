SELECT c.status, c.author_id, c.post_id, p.status FROM comments c JOIN posts p ON p.id = c.post_id
WHERE c.id = $1
