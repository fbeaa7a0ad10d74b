-- Columns as storage::TranslationFromRow() reads them.
SELECT source_hash, source_lang, target, engine, text, created_at
FROM translations
WHERE source_hash = ? AND source_lang = ? AND target = ? AND engine = ?
