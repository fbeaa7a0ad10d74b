SELECT asset, balance FROM ledger_accounts WHERE kind = 'user' AND user_id = ? ORDER BY asset
