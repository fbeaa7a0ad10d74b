SELECT bucket, open, close FROM ticker_history
WHERE symbol = $1 AND resolution = $2 AND bucket >= $3 ORDER BY bucket
