-- Columns as storage::CardFromRow() reads them: a page of cards (List() without the bodies),
-- with the head of each post's HTML (the first parameter: how many bytes; left() counts characters, each at least a byte) and its cashtags
-- in one column, so one query reads the whole page whatever its size. The page of posts is
-- chosen first, from the index alone, and only its rows are joined; the caller asks for one row
-- more than the page holds to learn whether another page exists.
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       left(r.body_html, $1), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT string_agg(t.position::text || ',' || octet_length(t.symbol)::text || ':' || t.symbol,
                          '' ORDER BY t.position)
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM (SELECT * FROM posts WHERE status = 'live' AND id < $2 ORDER BY id DESC LIMIT $3) p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
ORDER BY p.id DESC
