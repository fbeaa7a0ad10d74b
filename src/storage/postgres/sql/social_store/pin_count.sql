SELECT count(*) FROM pins WHERE author_id = $1
