SELECT id FROM ledger_accounts WHERE kind = $1 AND user_id = $2 AND asset = $3
