-- Keeps a post's counts in step with its reposts and shares (deltas: reposts, quotes, shares).
UPDATE posts SET reposts = reposts + $1, quotes = quotes + $2, shares = shares + $3 WHERE id = $4
