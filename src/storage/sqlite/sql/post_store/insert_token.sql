INSERT INTO post_tokens (post_id, revision, position, symbol) VALUES (?, ?, ?, ?)
