DELETE FROM follows WHERE follower_id = ? AND followee_id = ?
