UPDATE comments SET pinned_at = 0 WHERE post_id = $1 AND pinned_at <> 0 AND id <> $2
