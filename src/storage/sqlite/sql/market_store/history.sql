SELECT bucket, open, close FROM ticker_history
WHERE symbol = ? AND resolution = ? AND bucket >= ? ORDER BY bucket
