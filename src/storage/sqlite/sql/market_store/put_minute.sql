-- symbol, minute bucket, price: the minute's first price stays its open, the latest its close.
INSERT INTO ticker_history (symbol, resolution, bucket, open, close) VALUES (?1, 60, ?2, ?3, ?3)
ON CONFLICT (symbol, resolution, bucket) DO UPDATE SET close = excluded.close
