-- Minute rows before ?1 (a whole hour) become one row per hour: the first minute's open and the
-- last minute's close. An hour folded before keeps its open and takes the newer close.
INSERT INTO ticker_history (symbol, resolution, bucket, open, close)
SELECT DISTINCT symbol, 3600, hour,
       first_value(open) OVER w, last_value(close) OVER w
FROM (SELECT symbol, bucket, open, close, bucket - bucket % 3600000000 AS hour
      FROM ticker_history WHERE resolution = 60 AND bucket < ?1) m
WHERE true
WINDOW w AS (PARTITION BY symbol, hour ORDER BY bucket
             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
ON CONFLICT (symbol, resolution, bucket) DO UPDATE SET close = excluded.close
