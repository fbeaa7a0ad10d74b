-- Columns as storage::CommentFromRow() reads them.
SELECT c.id, c.post_id, c.parent_id, c.thread_id, c.author_id, u.handle, u.display_name, c.body,
       c.lang, c.status, c.pinned_at, c.likes, c.created_at, c.deleted_at, c.tips
FROM comments c JOIN users u ON u.id = c.author_id
WHERE c.id = ?
