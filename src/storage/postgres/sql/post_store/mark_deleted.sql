UPDATE posts SET status = 'deleted', deleted_at = $1 WHERE id = $2 AND status <> 'deleted'
