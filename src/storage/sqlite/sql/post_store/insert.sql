INSERT INTO posts (author_id, current_revision, lang, lang_source, slug, status, created_at)
VALUES (?, 1, ?, ?, ?, 'live', ?)
