SELECT symbol FROM post_tokens WHERE post_id = ? AND revision = ? ORDER BY position
