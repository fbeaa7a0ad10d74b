-- name: reposts, shares, pins, follows
-- One repost per reader and post; a quote repost carries its text (an empty quote is a plain
-- repost). The counts a post shows (posts.reposts, posts.quotes, posts.shares) are kept in step
-- with these rows in the same transaction, so a page reads them with the post.
ALTER TABLE posts ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0;

-- AUTOINCREMENT: ids only grow, so feeds page by "id < before_id".
CREATE TABLE reposts (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  post_id    INTEGER NOT NULL REFERENCES posts (id),
  user_id    INTEGER NOT NULL REFERENCES users (id),
  quote      TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (post_id, user_id)
) STRICT;
-- The following feed walks reposts down their primary key (bench/README.md); UNIQUE (post_id,
-- user_id) finds a reader's repost of a post.

-- A share counts once per reader and post.
CREATE TABLE shares (
  post_id    INTEGER NOT NULL REFERENCES posts (id),
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, user_id)
) STRICT, WITHOUT ROWID;

-- An author's pinned posts (at most three, held by the store), newest pin first.
CREATE TABLE pins (
  author_id INTEGER NOT NULL REFERENCES users (id),
  post_id   INTEGER NOT NULL REFERENCES posts (id),
  pinned_at INTEGER NOT NULL,
  PRIMARY KEY (author_id, post_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE follows (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  follower_id INTEGER NOT NULL REFERENCES users (id),
  followee_id INTEGER NOT NULL REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  CHECK (follower_id <> followee_id),
  UNIQUE (follower_id, followee_id)
) STRICT;
-- Followers of a user, newest first; the following list rides on the UNIQUE index's sibling.
CREATE INDEX follows_by_followee ON follows (followee_id, id);
CREATE INDEX follows_by_follower ON follows (follower_id, id);
