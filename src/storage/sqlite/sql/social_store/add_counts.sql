-- Keeps a post's counts in step with its reposts and shares (deltas: reposts, quotes, shares).
UPDATE posts SET reposts = reposts + ?, quotes = quotes + ?, shares = shares + ? WHERE id = ?
