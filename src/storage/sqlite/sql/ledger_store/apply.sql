-- Moves an account's balance by ?1 only while the result stays within its bounds: the
-- caller passes the range the balance must be in before (storage::BalanceRange), so the check and
-- the write are one statement and no overflow happens in SQL.
UPDATE ledger_accounts SET balance = balance + ?1
WHERE id = ?2 AND balance >= ?3 AND balance <= ?4
RETURNING balance
