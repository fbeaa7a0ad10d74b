-- The comment's tip count, one more; no row when the comment is not live.
UPDATE comments SET tips = tips + 1 WHERE id = $1 AND status = 'live' RETURNING tips
