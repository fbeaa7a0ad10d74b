-- name: comments, likes, notifications
-- Comments on posts (one level of replies), likes on posts and comments, and the notifications
-- a user receives. Counts shown on pages are kept in step with their rows in the same
-- transaction (posts.comments, posts.likes, comments.likes).

-- thread_id is the top comment's id (a top comment's own id): a post's comments are read in
-- (thread_id, id) order, so replies follow their top comment and pages are keyset-paginated.
-- parent_id is 0 for a top comment. pinned_at is non-zero for the one comment of a post its
-- author pinned. idempotency_key ('' = none) makes a repeated submit return the first comment.
CREATE TABLE comments (
  id              BIGSERIAL PRIMARY KEY,
  post_id         BIGINT  NOT NULL REFERENCES posts (id),
  parent_id       BIGINT  NOT NULL DEFAULT 0,
  thread_id       BIGINT  NOT NULL DEFAULT 0,
  author_id       BIGINT  NOT NULL REFERENCES users (id),
  body            TEXT    NOT NULL,
  lang            TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'deleted')),
  pinned_at       BIGINT  NOT NULL DEFAULT 0,
  likes           BIGINT  NOT NULL DEFAULT 0,
  idempotency_key TEXT    NOT NULL DEFAULT '',
  created_at      BIGINT  NOT NULL,
  deleted_at      BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX comments_by_thread ON comments (post_id, thread_id, id);
CREATE INDEX comments_pinned ON comments (post_id) WHERE pinned_at <> 0;
CREATE UNIQUE INDEX comments_by_key ON comments (author_id, idempotency_key)
  WHERE idempotency_key <> '';

-- One row per (target, user): liking twice is one like.
CREATE TABLE likes (
  target     TEXT    NOT NULL CHECK (target IN ('post', 'comment')),
  target_id  BIGINT  NOT NULL,
  user_id    BIGINT  NOT NULL REFERENCES users (id),
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (target, target_id, user_id)
);
CREATE INDEX likes_by_user ON likes (user_id, target, target_id);

-- kind is open ("comment", "reply", "like", "mention"; other capabilities add theirs).
-- dedupe_key ('' = none) keeps one notification per key and user (a like undone and done again
-- notifies once).
CREATE TABLE notifications (
  id         BIGSERIAL PRIMARY KEY,
  user_id    BIGINT  NOT NULL REFERENCES users (id),
  kind       TEXT    NOT NULL CHECK (kind <> ''),
  actor_id   BIGINT  NOT NULL REFERENCES users (id),
  post_id    BIGINT  NOT NULL DEFAULT 0,
  comment_id BIGINT  NOT NULL DEFAULT 0,
  text       TEXT    NOT NULL DEFAULT '',
  dedupe_key TEXT    NOT NULL DEFAULT '',
  read_at    BIGINT  NOT NULL DEFAULT 0,
  created_at BIGINT  NOT NULL
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at = 0;
CREATE UNIQUE INDEX notifications_by_key ON notifications (user_id, dedupe_key)
  WHERE dedupe_key <> '';
