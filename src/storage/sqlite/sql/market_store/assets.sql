SELECT symbol, name, decimals, aliases, trade_url FROM assets ORDER BY symbol
