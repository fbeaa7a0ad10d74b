-- name: unread and comment tip counts
-- Each user's number of unread notifications, kept in step with the notifications table in the
-- transaction that inserts a notification or marks some read (sql/notification_store/), so the
-- header badge reads one row instead of counting rows that grow with every tip, like or reply.
-- A user without a row has none unread.
CREATE TABLE notification_unread (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  unread  INTEGER NOT NULL CHECK (unread >= 0)
) STRICT;

INSERT INTO notification_unread (user_id, unread)
SELECT user_id, count(*) FROM notifications WHERE read_at = 0 GROUP BY user_id;

-- A comment's number of tips, kept in step by the tip's transaction as posts.tips is for posts
-- (sql/ledger_store/count_comment_tip.sql), so the post page shows it beside each comment.
ALTER TABLE comments ADD COLUMN tips INTEGER NOT NULL DEFAULT 0;

UPDATE comments SET tips = (SELECT count(*) FROM tips t
                            WHERE t.subject_kind = 'comment' AND t.subject_id = comments.id)
WHERE id IN (SELECT subject_id FROM tips WHERE subject_kind = 'comment');
