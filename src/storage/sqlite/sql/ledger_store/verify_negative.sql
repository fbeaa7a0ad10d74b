-- A user or fee account below zero.
SELECT id, kind, user_id, asset, CAST(balance AS TEXT) FROM ledger_accounts
WHERE kind <> 'system' AND balance < 0 ORDER BY id LIMIT 1
