-- From the partial index notifications_unread.
SELECT count(*) FROM notifications WHERE user_id = ? AND read_at = 0
