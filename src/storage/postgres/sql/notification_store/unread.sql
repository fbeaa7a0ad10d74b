-- From the partial index notifications_unread.
SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at = 0
