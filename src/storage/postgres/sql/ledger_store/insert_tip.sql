INSERT INTO tips (tx_id, subject_kind, subject_id, post_id, tipper_id, author_id, asset, amount,
                  fee, message, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
