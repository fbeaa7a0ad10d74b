SELECT balance FROM ledger_accounts WHERE kind = 'user' AND user_id = ? AND asset = ?
