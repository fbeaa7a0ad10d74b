-- Columns as storage::NotificationFromRow() reads them.
SELECT n.id, n.user_id, n.kind, n.actor_id, u.handle, u.display_name, n.post_id, n.comment_id,
       n.text, n.read_at, n.created_at
FROM notifications n JOIN users u ON u.id = n.actor_id
WHERE n.id = $1
