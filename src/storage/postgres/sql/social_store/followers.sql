-- Columns as storage::FollowFromRow() reads them: who follows a user, newest follow first, one
-- page from the (followee_id, id) index.
SELECT f.id, u.id, u.handle, u.display_name, f.created_at
FROM follows f JOIN users u ON u.id = f.follower_id
WHERE f.followee_id = $1 AND f.id < $2
ORDER BY f.id DESC
LIMIT $3
