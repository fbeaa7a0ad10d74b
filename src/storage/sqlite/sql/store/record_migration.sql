INSERT INTO schema_migrations (version, name, applied_at)
VALUES (?, ?, CAST(strftime('%s', 'now') AS INTEGER) * 1000000)
