-- Columns as storage::FollowFromRow() reads them: who follows a user, newest follow first, one
-- page from the (followee_id, id) index.
SELECT f.id, u.id, u.handle, u.display_name, f.created_at
FROM follows f JOIN users u ON u.id = f.follower_id
WHERE f.followee_id = ? AND f.id < ?
ORDER BY f.id DESC
LIMIT ?
