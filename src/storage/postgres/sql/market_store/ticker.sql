SELECT symbol, last, change_24h, volume_24h, updated_at, source FROM tickers WHERE symbol = $1
