-- Columns as storage::RepostFromRow() reads them (the repost and its reposter), then the card
-- columns of the reposted post (storage::CardFromRow() at offset 7): the reposts made by the
-- users a reader follows, of live posts, newest first: the reposts' primary key is walked down
-- and each kept when the reader follows its reposter (one probe of the follows index) and its
-- post is live (one probe of the posts' key), until a page is full.
SELECT x.id, x.post_id, x.user_id, b.handle, b.display_name, x.quote, x.created_at,
       p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title,
       substr(CAST(r.body_html AS BLOB), 1, ?), r.lang, r.slug, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT group_concat(t.position || ',' || length(CAST(t.symbol AS BLOB)) || ':' || t.symbol, '')
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM (
  SELECT s.* FROM reposts s
  WHERE s.id < ?
    AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = s.user_id)
    AND EXISTS (SELECT 1 FROM posts q WHERE q.id = s.post_id AND q.status = 'live')
  ORDER BY s.id DESC LIMIT ?) x
JOIN users b ON b.id = x.user_id
JOIN posts p ON p.id = x.post_id
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
ORDER BY x.id DESC
