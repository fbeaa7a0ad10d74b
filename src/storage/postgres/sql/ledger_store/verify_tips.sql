-- A tip whose transaction does not take its amount from the tipper.
SELECT t.tx_id FROM tips t
WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                  WHERE e.tx_id = t.tx_id AND a.kind = 'user' AND a.user_id = t.tipper_id
                    AND e.amount = -t.amount)
ORDER BY t.tx_id LIMIT 1
