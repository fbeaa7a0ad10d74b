UPDATE posts
SET current_revision = $1, lang = $2, lang_source = $3, slug = $4, edited_at = $5
WHERE id = $6
