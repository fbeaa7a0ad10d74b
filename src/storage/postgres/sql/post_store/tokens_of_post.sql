SELECT revision, symbol FROM post_tokens WHERE post_id = $1 ORDER BY revision, position
