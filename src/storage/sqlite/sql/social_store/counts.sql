-- A post's counts, in the order storage::CountsFromRow() reads them.
SELECT comments, likes, reposts, shares, tips, quotes FROM posts WHERE id = ?
