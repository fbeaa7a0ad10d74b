-- post id, revision, position, symbol, price at post ('' = none).
INSERT INTO post_tokens (post_id, revision, position, symbol, price_at_post)
VALUES ($1, $2, $3, $4, NULLIF($5, ''))
