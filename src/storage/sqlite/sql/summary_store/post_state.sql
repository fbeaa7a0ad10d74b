-- Runs in the writer's transaction: no delete can interleave before the summary is stored.
SELECT status, current_revision FROM posts WHERE id = ?
