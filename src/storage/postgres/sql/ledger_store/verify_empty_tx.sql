-- A transaction with fewer than two entries.
SELECT x.id, (SELECT COUNT(*) FROM ledger_entries e WHERE e.tx_id = x.id) AS n
FROM ledger_tx x WHERE (SELECT COUNT(*) FROM ledger_entries e WHERE e.tx_id = x.id) < 2
ORDER BY x.id LIMIT 1
