DELETE FROM pins WHERE author_id = $1 AND post_id = $2
