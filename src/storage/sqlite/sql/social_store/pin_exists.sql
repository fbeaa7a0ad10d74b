SELECT 1 FROM pins WHERE author_id = ? AND post_id = ?
