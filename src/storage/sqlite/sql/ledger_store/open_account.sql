-- Opens an account (no change when it is open already: Changes() tells which).
INSERT INTO ledger_accounts (kind, user_id, asset) VALUES (?, ?, ?)
ON CONFLICT (kind, user_id, asset) DO NOTHING
