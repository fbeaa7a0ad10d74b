SELECT (SELECT count(*) FROM follows WHERE followee_id = $1),
       (SELECT count(*) FROM follows WHERE follower_id = $2)
