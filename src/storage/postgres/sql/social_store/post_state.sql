-- The post a social write targets: its status and author (no row: no such post). The row is
-- locked until the write commits, so concurrent writes on one post's counts queue.
SELECT status, author_id FROM posts WHERE id = $1 FOR UPDATE
