INSERT INTO ledger_entries (tx_id, account_id, asset, amount) VALUES ($1, $2, $3, $4)
