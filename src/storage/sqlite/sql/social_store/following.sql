-- Columns as storage::FollowFromRow() reads them: whom a user follows, newest follow first, one
-- page from the (follower_id, id) index.
SELECT f.id, u.id, u.handle, u.display_name, f.created_at
FROM follows f JOIN users u ON u.id = f.followee_id
WHERE f.follower_id = ? AND f.id < ?
ORDER BY f.id DESC
LIMIT ?
