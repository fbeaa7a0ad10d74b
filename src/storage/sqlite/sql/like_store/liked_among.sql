-- The ids (a JSON array, the third parameter) the user liked.
SELECT target_id FROM likes
WHERE user_id = ? AND target = ? AND target_id IN (SELECT value FROM json_each(?))
ORDER BY target_id
