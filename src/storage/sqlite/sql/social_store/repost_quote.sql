-- The reader's repost of a post (no row: none), with its quote.
SELECT quote FROM reposts WHERE post_id = ? AND user_id = ?
