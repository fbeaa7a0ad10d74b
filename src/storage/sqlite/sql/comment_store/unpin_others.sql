UPDATE comments SET pinned_at = 0 WHERE post_id = ? AND pinned_at <> 0 AND id <> ?
