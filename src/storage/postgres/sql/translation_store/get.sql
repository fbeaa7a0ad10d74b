-- Columns as storage::TranslationFromRow() reads them.
SELECT source_hash, source_lang, target, engine, text, created_at
FROM translations
WHERE source_hash = $1 AND source_lang = $2 AND target = $3 AND engine = $4
