-- The row lock makes a concurrent edit of the same post wait, then see the revision the first
-- one stored: exactly one of two racing edits wins.
SELECT status, current_revision FROM posts WHERE id = $1 FOR UPDATE
