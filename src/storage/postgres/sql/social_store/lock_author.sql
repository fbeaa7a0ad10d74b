-- Pins of one author are written one at a time: they queue on the author's row.
SELECT id FROM users WHERE id = $1 FOR UPDATE
