UPDATE comments SET status = 'deleted', deleted_at = ?, pinned_at = 0
WHERE id = ? AND status = 'live'
