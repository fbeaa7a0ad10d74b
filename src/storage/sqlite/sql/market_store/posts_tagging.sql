SELECT p.id FROM post_tokens t JOIN posts p ON p.id = t.post_id AND t.revision = p.current_revision
WHERE t.symbol = ? AND p.status = 'live' ORDER BY p.id DESC LIMIT ?
