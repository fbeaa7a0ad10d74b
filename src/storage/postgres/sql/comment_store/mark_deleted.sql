UPDATE comments SET status = 'deleted', deleted_at = $1, pinned_at = 0
WHERE id = $2 AND status = 'live'
