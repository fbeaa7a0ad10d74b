-- Columns as storage::FollowFromRow() reads them: whom a user follows, newest follow first, one
-- page from the (follower_id, id) index.
SELECT f.id, u.id, u.handle, u.display_name, f.created_at
FROM follows f JOIN users u ON u.id = f.followee_id
WHERE f.follower_id = $1 AND f.id < $2
ORDER BY f.id DESC
LIMIT $3
