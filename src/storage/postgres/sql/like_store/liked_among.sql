-- The ids (an array, the third parameter) the user liked.
SELECT target_id FROM likes
WHERE user_id = $1 AND target = $2 AND target_id = ANY ($3::bigint[])
ORDER BY target_id
