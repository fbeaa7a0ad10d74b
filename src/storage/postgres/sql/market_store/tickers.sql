SELECT symbol, last, change_24h, volume_24h, updated_at, source FROM tickers ORDER BY symbol
