INSERT INTO tips (tx_id, subject_kind, subject_id, post_id, tipper_id, author_id, asset, amount,
                  fee, message, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
