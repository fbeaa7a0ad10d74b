SELECT id FROM comments WHERE post_id = ? AND pinned_at <> 0
