SELECT post_id, symbol, COALESCE(price_at_post, '') FROM post_tokens
WHERE post_id = $1 AND revision = $2 ORDER BY position
