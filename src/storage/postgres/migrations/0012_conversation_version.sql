-- name: conversation version
-- A post's conversation version (docs/conversation.md): it moves whenever what the post's
-- comments show a reader who is not signed in may have changed, so the post page can keep its
-- rendered list of comments per (post, page, locale) and read only this number to know the list
-- is current. It moves when a comment is written, changed (deleted, pinned, unpinned, liked,
-- tipped: the trigger below, so no write path can forget it) or removed, when a commenter
-- changes their display name (sql/user_store/bump_conversations.sql), and when a comment's
-- translation is stored (sql/translation_store/bump_conversation.sql).
ALTER TABLE posts ADD COLUMN conversation_version BIGINT NOT NULL DEFAULT 0;

-- The posts a user commented on, for a new display name.
CREATE INDEX comments_by_author ON comments (author_id, post_id);

CREATE OR REPLACE FUNCTION comments_move_conversation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE posts SET conversation_version = conversation_version + 1 WHERE id = OLD.post_id;
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.post_id <> OLD.post_id) THEN
    UPDATE posts SET conversation_version = conversation_version + 1 WHERE id = NEW.post_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER comments_move_conversation AFTER INSERT OR UPDATE OR DELETE ON comments
FOR EACH ROW EXECUTE FUNCTION comments_move_conversation();
