DELETE FROM post_tokens WHERE post_id = $1 AND revision = $2
