-- name: conversation version
-- A post's conversation version (docs/conversation.md): it moves whenever what the post's
-- comments show a reader who is not signed in may have changed, so the post page can keep its
-- rendered list of comments per (post, page, locale) and read only this number to know the list
-- is current. It moves when a comment is written, changed (deleted, pinned, unpinned, liked,
-- tipped: the triggers below, so no write path can forget it) or removed, when a commenter
-- changes their display name (sql/user_store/bump_conversations.sql), and when a comment's
-- translation is stored (sql/translation_store/bump_conversation.sql).
ALTER TABLE posts ADD COLUMN conversation_version INTEGER NOT NULL DEFAULT 0;

-- The posts a user commented on, for a new display name.
CREATE INDEX comments_by_author ON comments (author_id, post_id);

CREATE TRIGGER comments_move_conversation_on_insert AFTER INSERT ON comments BEGIN
  UPDATE posts SET conversation_version = conversation_version + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER comments_move_conversation_on_update AFTER UPDATE ON comments BEGIN
  UPDATE posts SET conversation_version = conversation_version + 1
  WHERE id IN (OLD.post_id, NEW.post_id);
END;

CREATE TRIGGER comments_move_conversation_on_delete AFTER DELETE ON comments BEGIN
  UPDATE posts SET conversation_version = conversation_version + 1 WHERE id = OLD.post_id;
END;
