INSERT INTO posts (author_id, current_revision, lang, lang_source, slug, status, created_at)
VALUES ($1, 1, $2, $3, $4, 'live', $5) RETURNING id
