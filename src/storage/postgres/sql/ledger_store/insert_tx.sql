INSERT INTO ledger_tx (kind, actor_id, memo, created_at) VALUES ($1, $2, $3, $4) RETURNING id
