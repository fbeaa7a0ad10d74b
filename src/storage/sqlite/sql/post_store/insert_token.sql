-- post id, revision, position, symbol. The price stored with the token (docs/markets.md): the
-- one stored when an earlier revision first tagged it (none stays none), else the symbol's last
-- price now, else none.
INSERT INTO post_tokens (post_id, revision, position, symbol, price_at_post)
VALUES (?1, ?2, ?3, ?4,
        CASE WHEN EXISTS (SELECT 1 FROM post_tokens e
                          WHERE e.post_id = ?1 AND e.symbol = ?4 AND e.revision < ?2)
             THEN (SELECT e.price_at_post FROM post_tokens e
                   WHERE e.post_id = ?1 AND e.symbol = ?4 AND e.revision < ?2
                   ORDER BY e.revision LIMIT 1)
             ELSE (SELECT k.last FROM tickers k WHERE k.symbol = ?4) END)
