INSERT INTO assets (symbol, name, decimals, aliases, trade_url) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (symbol) DO UPDATE SET name = excluded.name, decimals = excluded.decimals,
  aliases = excluded.aliases, trade_url = excluded.trade_url
