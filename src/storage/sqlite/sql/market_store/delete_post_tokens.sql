DELETE FROM post_tokens WHERE post_id = ? AND revision = ?
