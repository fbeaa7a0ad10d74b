-- A repeated idempotency key inserts nothing (no row returned): the caller reads the first one.
INSERT INTO comments (post_id, parent_id, thread_id, author_id, body, lang, idempotency_key,
                      created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (author_id, idempotency_key) WHERE idempotency_key <> '' DO NOTHING
RETURNING id
