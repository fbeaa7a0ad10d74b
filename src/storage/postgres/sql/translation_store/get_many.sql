-- Columns as storage::TranslationFromRow() reads them: every translation of the source hashes in
-- the array (the parameter); storage::MatchTranslations keeps those asked for.
SELECT source_hash, source_lang, target, engine, text, created_at
FROM translations
WHERE source_hash = ANY ($1::text[])
