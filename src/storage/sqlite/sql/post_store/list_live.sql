-- Columns as storage::PostFromRow() reads them: the post, its current revision, its author, the
-- revision's cashtags in one column (storage::DecodeCashtags) and its attached tokens, so one
-- query reads a whole post.
-- The page of posts is chosen first, from the index alone, and only its rows are joined: the
-- plan stays a short index scan whatever the planner believes about table sizes. The caller
-- asks for one row more than the page holds to learn whether another page exists.
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title, r.body_md,
       r.body_html, r.lang, r.lang_source, r.slug, p.status, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT group_concat(t.position || ',' || length(CAST(t.symbol AS BLOB)) || ':' || t.symbol, '')
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision),
       r.attached_tokens
FROM (SELECT * FROM posts WHERE status = 'live' AND id < ? ORDER BY id DESC LIMIT ?) p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
ORDER BY p.id DESC
