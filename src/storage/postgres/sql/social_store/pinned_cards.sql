-- Columns as storage::CardFromRow() reads them: an author's pinned live posts, newest pin first.
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       left(r.body_html, $1), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT string_agg(t.position::text || ',' || octet_length(t.symbol)::text || ':' || t.symbol,
                          '' ORDER BY t.position)
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM pins n
JOIN posts p ON p.id = n.post_id AND p.status = 'live'
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
WHERE n.author_id = $2
ORDER BY n.pinned_at DESC, p.id DESC
LIMIT 3
