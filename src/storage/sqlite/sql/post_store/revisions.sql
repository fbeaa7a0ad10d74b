-- Columns as storage::RevisionFromRow() reads them, after the revision number.
SELECT revision, title, body_md, body_html, lang, lang_source, slug, attached_tokens
FROM post_revisions
WHERE post_id = ?
ORDER BY revision
