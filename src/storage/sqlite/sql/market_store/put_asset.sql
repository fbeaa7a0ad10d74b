INSERT INTO assets (symbol, name, decimals, aliases, trade_url) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (symbol) DO UPDATE SET name = excluded.name, decimals = excluded.decimals,
  aliases = excluded.aliases, trade_url = excluded.trade_url
