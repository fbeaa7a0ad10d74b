-- Columns as storage::CardFromRow() reads them: a page of cards (List() without the bodies),
-- with the head of each post's HTML (the first parameter: how many bytes, counted on the bytes so that nothing scans the text) and its cashtags
-- in one column, so one query reads the whole page whatever its size. The page of posts is
-- chosen first, from the index alone, and only its rows are joined; the caller asks for one row
-- more than the page holds to learn whether another page exists.
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       substr(CAST(r.body_html AS BLOB), 1, ?), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT group_concat(t.position || ',' || length(CAST(t.symbol AS BLOB)) || ':' || t.symbol, '')
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM (
  SELECT * FROM posts WHERE author_id = ? AND status = 'live' AND id < ?
  ORDER BY id DESC LIMIT ?) p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
ORDER BY p.id DESC
