SELECT revision, symbol FROM post_tokens WHERE post_id = ? ORDER BY revision, position
