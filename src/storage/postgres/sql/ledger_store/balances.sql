SELECT asset, balance FROM ledger_accounts WHERE kind = 'user' AND user_id = $1 ORDER BY asset
