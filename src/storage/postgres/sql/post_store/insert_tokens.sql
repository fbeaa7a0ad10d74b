-- $1 = post id, $2 = revision, $3 = the cashtags in order. The price stored with each token
-- (docs/markets.md): the one stored when an earlier revision first tagged it (none stays none),
-- else the symbol's last price now, else none.
INSERT INTO post_tokens (post_id, revision, position, symbol, price_at_post)
SELECT $1, $2, t.ord - 1, t.symbol,
       CASE WHEN EXISTS (SELECT 1 FROM post_tokens e
                         WHERE e.post_id = $1 AND e.symbol = t.symbol AND e.revision < $2)
            THEN (SELECT e.price_at_post FROM post_tokens e
                  WHERE e.post_id = $1 AND e.symbol = t.symbol AND e.revision < $2
                  ORDER BY e.revision LIMIT 1)
            ELSE (SELECT k.last FROM tickers k WHERE k.symbol = t.symbol) END
FROM unnest($3::text[]) WITH ORDINALITY AS t (symbol, ord)
