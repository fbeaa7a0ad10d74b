DELETE FROM pins WHERE author_id = ? AND post_id = ?
