-- Columns as storage::WalletEntryFromRow() reads them: the user's entries, newest first.
SELECT e.tx_id, x.kind, e.asset, e.amount, CASE WHEN x.kind = 'tip' THEN COALESCE(t.message, '') ELSE x.memo END,
       COALESCE(t.post_id, 0), x.created_at
FROM ledger_accounts a
JOIN ledger_entries e ON e.account_id = a.id
JOIN ledger_tx x ON x.id = e.tx_id
LEFT JOIN tips t ON t.tx_id = e.tx_id
WHERE a.kind = 'user' AND a.user_id = $1 AND e.tx_id < $2
ORDER BY e.tx_id DESC LIMIT $3
