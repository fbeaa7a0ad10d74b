-- Columns as storage::CardFromRow() reads them: the following feed's posts. The newest live
-- posts are walked down the (status, id) index and each is kept when the reader follows its
-- author (one probe of the follows (follower_id, followee_id) index), until a page is full: the
-- work is the page size over the share of posts the reader follows, whatever the store's size
-- (bench/README.md has the plan and the figures).
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       left(r.body_html, $1), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT string_agg(t.position::text || ',' || octet_length(t.symbol)::text || ':' || t.symbol,
                          '' ORDER BY t.position)
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM (
  SELECT * FROM posts
  WHERE status = 'live' AND id < $2
    AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $3 AND f.followee_id = posts.author_id)
  ORDER BY id DESC LIMIT $4) p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
ORDER BY p.id DESC
