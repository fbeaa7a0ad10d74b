SELECT id FROM ledger_accounts WHERE kind = ? AND user_id = ? AND asset = ?
