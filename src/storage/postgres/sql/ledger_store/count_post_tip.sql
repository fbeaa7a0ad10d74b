-- The post's tip count, one more; no row when the post is not live.
UPDATE posts SET tips = tips + 1 WHERE id = $1 AND status = 'live' RETURNING tips, author_id
