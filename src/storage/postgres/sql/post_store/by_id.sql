-- Columns as storage::PostWithPricesFromRow() reads them: the post, its current revision, its
-- author, the revision's cashtags in one column (storage::DecodeCashtags), its attached tokens and
-- the cashtags' prices at post (encoded as the cashtags), so one query reads a whole post.
SELECT p.id, p.author_id, u.handle, u.display_name, p.current_revision, r.title, r.body_md,
       r.body_html, r.lang, r.lang_source, r.slug, p.status, p.created_at, p.edited_at,
       p.comments, p.likes, p.reposts, p.shares, p.tips, p.quotes,
       (SELECT string_agg(t.position::text || ',' || octet_length(t.symbol)::text || ':' || t.symbol,
                          '' ORDER BY t.position)
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision),
       r.attached_tokens,
       (SELECT string_agg(t.position::text || ',' || octet_length(COALESCE(t.price_at_post, ''))::text
                          || ':' || COALESCE(t.price_at_post, ''), '' ORDER BY t.position)
        FROM post_tokens t WHERE t.post_id = p.id AND t.revision = p.current_revision)
FROM posts p
JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
JOIN users u ON u.id = p.author_id
WHERE p.id = $1
