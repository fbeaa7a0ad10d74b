-- FOR SHARE: a concurrent Delete (which updates the row) waits for this transaction, or this
-- one waits for it and then sees the post deleted; a summary never outlives its post.
SELECT status, current_revision FROM posts WHERE id = $1 FOR SHARE
