-- An entry in another asset than its account's.
SELECT e.tx_id, e.account_id, e.asset, a.asset FROM ledger_entries e
JOIN ledger_accounts a ON a.id = e.account_id WHERE e.asset <> a.asset ORDER BY e.tx_id LIMIT 1
