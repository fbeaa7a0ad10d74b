-- What a reader did to a post: reposted (0/1), the quote, shared (0/1), pinned by its author.
SELECT EXISTS (SELECT 1 FROM reposts WHERE post_id = ?1 AND user_id = ?2),
       coalesce((SELECT quote FROM reposts WHERE post_id = ?1 AND user_id = ?2), ''),
       EXISTS (SELECT 1 FROM shares WHERE post_id = ?1 AND user_id = ?2),
       EXISTS (SELECT 1 FROM pins
               WHERE author_id = (SELECT author_id FROM posts WHERE id = ?1) AND post_id = ?1)
