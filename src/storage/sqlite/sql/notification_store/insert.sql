-- A repeated dedupe key inserts nothing (no row returned).
INSERT INTO notifications (user_id, kind, actor_id, post_id, comment_id, text, dedupe_key,
                           created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key <> '' DO NOTHING
RETURNING id
