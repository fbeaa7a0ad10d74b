UPDATE comments SET likes = likes + $1 WHERE id = $2 RETURNING likes
