-- A ticker older than the stored one is ignored (feeds may answer out of order).
INSERT INTO tickers (symbol, last, change_24h, volume_24h, updated_at, source)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (symbol) DO UPDATE SET last = excluded.last, change_24h = excluded.change_24h,
  volume_24h = excluded.volume_24h, updated_at = excluded.updated_at, source = excluded.source
WHERE excluded.updated_at >= tickers.updated_at
