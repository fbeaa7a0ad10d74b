INSERT INTO translations (source_hash, source_lang, target, engine, text, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (source_hash, source_lang, target, engine) DO UPDATE
SET text = excluded.text, created_at = excluded.created_at
