-- An account whose balance is not the sum of its entries.
SELECT a.id, a.kind, a.user_id, a.asset, CAST(a.balance AS TEXT), CAST(COALESCE(s.total, 0) AS TEXT)
FROM ledger_accounts a
LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entries GROUP BY account_id) s
  ON s.account_id = a.id
WHERE a.balance <> COALESCE(s.total, 0) ORDER BY a.id LIMIT 1
