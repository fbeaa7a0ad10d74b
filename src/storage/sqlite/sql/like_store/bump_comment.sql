UPDATE comments SET likes = likes + ? WHERE id = ? RETURNING likes
