SELECT id FROM comments WHERE post_id = $1 AND pinned_at <> 0
