SELECT t.post_id, t.symbol, t.price_at_post
FROM posts p JOIN post_tokens t ON t.post_id = p.id AND t.revision = p.current_revision
WHERE p.author_id = $1 AND p.status = 'live'
ORDER BY t.post_id, t.position
