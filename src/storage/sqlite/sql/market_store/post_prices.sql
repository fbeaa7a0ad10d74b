-- Every price stored for a post's tokens, newest revision first.
SELECT symbol, price_at_post FROM post_tokens
WHERE post_id = ? AND price_at_post IS NOT NULL ORDER BY revision DESC
