-- name: reposts, shares, pins, follows
-- One repost per reader and post; a quote repost carries its text (an empty quote is a plain
-- repost). The counts a post shows (posts.reposts, posts.quotes, posts.shares) are kept in step
-- with these rows in the same transaction, so a page reads them with the post.
ALTER TABLE posts ADD COLUMN quotes BIGINT NOT NULL DEFAULT 0;

CREATE TABLE reposts (
  id         BIGSERIAL PRIMARY KEY,
  post_id    BIGINT NOT NULL REFERENCES posts (id),
  user_id    BIGINT NOT NULL REFERENCES users (id),
  quote      TEXT   NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (post_id, user_id)
);
-- The following feed walks reposts down their primary key (bench/README.md); UNIQUE (post_id,
-- user_id) finds a reader's repost of a post.

-- A share counts once per reader and post.
CREATE TABLE shares (
  post_id    BIGINT NOT NULL REFERENCES posts (id),
  user_id    BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);

-- An author's pinned posts (at most three, held by the store), newest pin first.
CREATE TABLE pins (
  author_id BIGINT NOT NULL REFERENCES users (id),
  post_id   BIGINT NOT NULL REFERENCES posts (id),
  pinned_at BIGINT NOT NULL,
  PRIMARY KEY (author_id, post_id)
);

CREATE TABLE follows (
  id          BIGSERIAL PRIMARY KEY,
  follower_id BIGINT NOT NULL REFERENCES users (id),
  followee_id BIGINT NOT NULL REFERENCES users (id),
  created_at  BIGINT NOT NULL,
  CHECK (follower_id <> followee_id),
  UNIQUE (follower_id, followee_id)
);
CREATE INDEX follows_by_followee ON follows (followee_id, id);
CREATE INDEX follows_by_follower ON follows (follower_id, id);
