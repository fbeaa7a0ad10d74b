-- The post a social write targets: its status and author (no row: no such post).
SELECT status, author_id FROM posts WHERE id = ?
