-- Pins (the first parameter is the time) or unpins (0) one comment, keeping an earlier pin time.
UPDATE comments SET pinned_at = CASE WHEN $1::bigint = 0 THEN 0 WHEN pinned_at <> 0 THEN pinned_at ELSE $1::bigint END
WHERE id = $2
