-- Adds the first parameter (1, -1 or 0) to the post's live comment count and returns it.
UPDATE posts SET comments = comments + $1 WHERE id = $2 RETURNING comments
