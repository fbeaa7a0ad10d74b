INSERT INTO translations (source_hash, source_lang, target, engine, text, created_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (source_hash, source_lang, target, engine) DO UPDATE
SET text = excluded.text, created_at = excluded.created_at
