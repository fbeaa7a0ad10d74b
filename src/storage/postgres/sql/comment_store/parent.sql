SELECT post_id, thread_id, status, parent_id FROM comments WHERE id = $1
