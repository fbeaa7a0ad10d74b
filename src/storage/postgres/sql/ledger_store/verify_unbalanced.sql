-- A transaction whose entries do not sum to zero in some asset.
SELECT tx_id, asset, CAST(SUM(amount) AS TEXT) FROM ledger_entries
GROUP BY tx_id, asset HAVING SUM(amount) <> 0 ORDER BY tx_id LIMIT 1
