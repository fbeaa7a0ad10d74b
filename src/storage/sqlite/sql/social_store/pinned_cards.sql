-- Columns as storage::CardFromRow() reads them: an author's pinned live posts, newest pin first.
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       substr(CAST(r.body_html AS BLOB), 1, ?), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT group_concat(t.position || ',' || length(CAST(t.symbol AS BLOB)) || ':' || t.symbol, '')
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM pins n
JOIN posts p ON p.id = n.post_id AND p.status = 'live'
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
WHERE n.author_id = ?
ORDER BY n.pinned_at DESC, p.id DESC
LIMIT 3
