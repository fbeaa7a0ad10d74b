UPDATE posts
SET current_revision = ?, lang = ?, lang_source = ?, slug = ?, edited_at = ?
WHERE id = ?
