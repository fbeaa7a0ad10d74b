-- post id, revision, position, symbol, price at post ('' = none).
INSERT INTO post_tokens (post_id, revision, position, symbol, price_at_post)
VALUES (?, ?, ?, ?, NULLIF(?, ''))
