INSERT INTO summaries (post_id, revision, status, text, lang, engine, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (post_id, revision) DO UPDATE
SET status = excluded.status, text = excluded.text, lang = excluded.lang,
    engine = excluded.engine, updated_at = excluded.updated_at
