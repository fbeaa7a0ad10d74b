-- The counter of migration 0010 (no row: none unread).
SELECT unread FROM notification_unread WHERE user_id = ?
