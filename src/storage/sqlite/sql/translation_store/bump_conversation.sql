-- A comment's translation stored: the post it was asked on shows it, so that post's
-- conversation version moves (migrations/0012_conversation_version.sql) in the same transaction.
UPDATE posts SET conversation_version = conversation_version + 1 WHERE id = ?
