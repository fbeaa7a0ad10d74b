-- The reader's repost of a post (no row: none), with its quote.
SELECT quote FROM reposts WHERE post_id = $1 AND user_id = $2
