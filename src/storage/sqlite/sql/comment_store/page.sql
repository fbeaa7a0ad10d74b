-- A page of a post's comments in (thread_id, id) order after a cursor, skipping the pinned
-- thread (the second parameter, 0 when none), read from the index comments_by_thread. The caller
-- asks for one row more than the page holds.
SELECT c.id, c.post_id, c.parent_id, c.thread_id, c.author_id, u.handle, u.display_name, c.body,
       c.lang, c.status, c.pinned_at, c.likes, c.created_at, c.deleted_at, c.tips
FROM comments c JOIN users u ON u.id = c.author_id
WHERE c.post_id = ? AND c.thread_id <> ? AND (c.thread_id, c.id) > (?, ?)
ORDER BY c.thread_id, c.id
LIMIT ?
