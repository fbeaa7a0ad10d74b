UPDATE reposts SET quote = $1 WHERE post_id = $2 AND user_id = $3
