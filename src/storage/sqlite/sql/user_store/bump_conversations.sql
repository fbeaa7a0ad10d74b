-- The posts a user commented on show their name: a new one moves their conversation versions
-- (migrations/0012_conversation_version.sql), in the transaction that changes the profile.
UPDATE posts SET conversation_version = conversation_version + 1
WHERE id IN (SELECT post_id FROM comments WHERE author_id = ?)
