-- Opens an account; a row comes back only when this statement opened it.
INSERT INTO ledger_accounts (kind, user_id, asset) VALUES ($1, $2, $3)
ON CONFLICT (kind, user_id, asset) DO NOTHING
RETURNING id
