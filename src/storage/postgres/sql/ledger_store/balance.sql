SELECT balance FROM ledger_accounts WHERE kind = 'user' AND user_id = $1 AND asset = $2
