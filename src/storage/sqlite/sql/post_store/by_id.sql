-- Columns as storage::PostByIdFromRow() reads them: the post, its current revision, its author,
-- the revision's cashtags in one column (storage::DecodeCashtags), its attached tokens and its
-- conversation version, so one query reads a whole post. The cashtags' prices at post are not
-- read here: the chips read them only when their memo misses (markets::ChipBoard::ForPost).
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title, r.body_md,
       r.body_html, r.lang, r.lang_source, r.slug, p.status, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT group_concat(t.position || ',' || length(CAST(t.symbol AS BLOB)) || ':' || t.symbol, '')
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision),
       r.attached_tokens, p.conversation_version
FROM posts p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
WHERE p.id = ?
