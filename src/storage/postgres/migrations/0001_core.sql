-- name: users, sessions, posts
-- The same model as the SQLite schema: timestamps are BIGINT microseconds since the Unix epoch
-- (UTC), enums stored by name.
CREATE TABLE users (
  id            BIGSERIAL PRIMARY KEY,
  handle        TEXT   NOT NULL UNIQUE,
  display_name  TEXT   NOT NULL,
  bio           TEXT   NOT NULL DEFAULT '',
  locale        TEXT   NOT NULL DEFAULT '',
  role          TEXT   NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  password_hash TEXT   NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT   PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf       TEXT   NOT NULL,
  kind       TEXT   NOT NULL CHECK (kind IN ('browser', 'api_token')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Sequence ids only grow, so paging by "id < before_id" stays stable. (Under concurrent
-- inserts a smaller id may commit after a larger one; a reader paging at that instant can miss
-- it until the next refresh, which a feed tolerates.)
CREATE TABLE posts (
  id               BIGSERIAL PRIMARY KEY,
  author_id        BIGINT  NOT NULL REFERENCES users (id),
  current_revision INTEGER NOT NULL,
  lang             TEXT    NOT NULL,
  lang_source      TEXT    NOT NULL CHECK (lang_source IN ('detected', 'author')),
  slug             TEXT    NOT NULL DEFAULT '',
  status           TEXT    NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'deleted', 'hidden')),
  created_at       BIGINT  NOT NULL,
  edited_at        BIGINT  NOT NULL DEFAULT 0,
  deleted_at       BIGINT  NOT NULL DEFAULT 0,
  comments         BIGINT  NOT NULL DEFAULT 0,
  likes            BIGINT  NOT NULL DEFAULT 0,
  reposts          BIGINT  NOT NULL DEFAULT 0,
  shares           BIGINT  NOT NULL DEFAULT 0,
  tips             BIGINT  NOT NULL DEFAULT 0
);
-- The home page and profile pages: newest live posts, optionally of one author.
CREATE INDEX posts_by_status ON posts (status, id);
CREATE INDEX posts_by_author ON posts (author_id, status, id);

CREATE TABLE post_revisions (
  post_id     BIGINT  NOT NULL REFERENCES posts (id),
  revision    INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  body_md     TEXT    NOT NULL,
  body_html   TEXT    NOT NULL,
  lang        TEXT    NOT NULL,
  lang_source TEXT    NOT NULL CHECK (lang_source IN ('detected', 'author')),
  slug        TEXT    NOT NULL DEFAULT '',
  created_at  BIGINT  NOT NULL,
  PRIMARY KEY (post_id, revision)
);

-- Cashtags per revision, in order of first mention; a post's current tokens are those of its
-- current revision.
CREATE TABLE post_tokens (
  post_id  BIGINT  NOT NULL,
  revision INTEGER NOT NULL,
  position INTEGER NOT NULL,
  symbol   TEXT    NOT NULL,
  PRIMARY KEY (post_id, revision, position),
  FOREIGN KEY (post_id, revision) REFERENCES post_revisions (post_id, revision)
);
CREATE INDEX post_tokens_by_symbol ON post_tokens (symbol, post_id);
