-- $1 = post id, $2 = revision, $3 = the cashtags in order.
INSERT INTO post_tokens (post_id, revision, position, symbol)
SELECT $1, $2, t.ord - 1, t.symbol
FROM unnest($3::text[]) WITH ORDINALITY AS t (symbol, ord)
