INSERT INTO ledger_tx (kind, actor_id, memo, created_at) VALUES (?, ?, ?, ?) RETURNING id
