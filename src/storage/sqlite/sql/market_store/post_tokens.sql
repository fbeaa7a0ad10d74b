SELECT post_id, symbol, COALESCE(price_at_post, '') FROM post_tokens
WHERE post_id = ? AND revision = ? ORDER BY position
