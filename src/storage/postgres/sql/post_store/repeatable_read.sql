-- Revisions and their tokens only ever grow; a repeatable-read snapshot keeps the two queries
-- of Revisions() in step with each other while an edit lands.
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY
