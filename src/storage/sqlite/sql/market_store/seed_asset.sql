INSERT INTO assets (symbol, name, decimals, aliases, trade_url) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (symbol) DO NOTHING
