-- Columns as storage::CardFromRow() reads them: the following feed's posts. The newest live
-- posts are walked down the (status, id) index and each is kept when the reader follows its
-- author (one probe of the follows (follower_id, followee_id) index), until a page is full: the
-- work is the page size over the share of posts the reader follows, whatever the store's size
-- (bench/README.md has the plan and the figures).
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       substr(CAST(r.body_html AS BLOB), 1, ?), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT group_concat(t.position || ',' || length(CAST(t.symbol AS BLOB)) || ':' || t.symbol, '')
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM (
  SELECT * FROM posts
  WHERE status = 'live' AND id < ?
    AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = posts.author_id)
  ORDER BY id DESC LIMIT ?) p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
ORDER BY p.id DESC
