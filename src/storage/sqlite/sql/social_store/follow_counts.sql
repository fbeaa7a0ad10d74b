SELECT (SELECT count(*) FROM follows WHERE followee_id = ?),
       (SELECT count(*) FROM follows WHERE follower_id = ?)
