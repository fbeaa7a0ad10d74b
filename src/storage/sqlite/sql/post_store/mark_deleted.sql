UPDATE posts SET status = 'deleted', deleted_at = ? WHERE id = ? AND status <> 'deleted'
