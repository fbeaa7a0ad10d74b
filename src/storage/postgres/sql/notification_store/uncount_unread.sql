-- Fewer unread notifications for the user (mark_read changed that many rows); the count after
-- it (no row: the user had none).
UPDATE notification_unread SET unread = unread - $1 WHERE user_id = $2
RETURNING unread
