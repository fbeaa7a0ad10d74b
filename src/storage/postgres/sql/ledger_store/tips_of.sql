-- Columns as storage::TipFromRow() reads them.
SELECT t.tx_id, t.subject_kind, t.subject_id, t.post_id, t.tipper_id, tu.handle, t.author_id,
       au.handle, t.asset, t.amount, t.fee, t.message, t.created_at
FROM tips t JOIN users tu ON tu.id = t.tipper_id JOIN users au ON au.id = t.author_id
WHERE t.subject_kind = $1 AND t.subject_id = $2
ORDER BY t.tx_id DESC LIMIT $3
