-- Tokens of several (post, revision) pairs at once: one round trip for a whole page.
-- $1 = post ids, $2 = their revisions.
SELECT t.post_id, t.symbol
FROM post_tokens t
JOIN unnest($1::bigint[], $2::integer[]) AS k (post_id, revision)
  ON t.post_id = k.post_id AND t.revision = k.revision
ORDER BY t.post_id, t.position
