UPDATE posts SET likes = likes + ? WHERE id = ? RETURNING likes
