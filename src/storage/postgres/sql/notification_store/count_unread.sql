-- One more unread notification for the user (the insert stored one); the count after it.
INSERT INTO notification_unread (user_id, unread) VALUES ($1, 1)
ON CONFLICT (user_id) DO UPDATE SET unread = notification_unread.unread + 1
RETURNING unread
