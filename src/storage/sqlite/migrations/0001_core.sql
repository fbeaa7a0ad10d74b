-- name: users, sessions, posts
-- Timestamps are INTEGER microseconds since the Unix epoch (UTC). Enums are stored by name so
-- an operator reading the database sees "live", not 0. STRICT tables refuse values of the wrong
-- type instead of silently converting them.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  handle        TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  bio           TEXT    NOT NULL DEFAULT '',
  locale        TEXT    NOT NULL DEFAULT '',
  role          TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf       TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('browser', 'api_token')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- AUTOINCREMENT: ids are never reused, even after the newest post is removed, so paging by
-- "id < before_id" stays stable.
CREATE TABLE posts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id        INTEGER NOT NULL REFERENCES users (id),
  current_revision INTEGER NOT NULL,
  lang             TEXT    NOT NULL,
  lang_source      TEXT    NOT NULL CHECK (lang_source IN ('detected', 'author')),
  slug             TEXT    NOT NULL DEFAULT '',
  status           TEXT    NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'deleted', 'hidden')),
  created_at       INTEGER NOT NULL,
  edited_at        INTEGER NOT NULL DEFAULT 0,
  deleted_at       INTEGER NOT NULL DEFAULT 0,
  comments         INTEGER NOT NULL DEFAULT 0,
  likes            INTEGER NOT NULL DEFAULT 0,
  reposts          INTEGER NOT NULL DEFAULT 0,
  shares           INTEGER NOT NULL DEFAULT 0,
  tips             INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The home page and profile pages: newest live posts, optionally of one author.
CREATE INDEX posts_by_status ON posts (status, id);
CREATE INDEX posts_by_author ON posts (author_id, status, id);

CREATE TABLE post_revisions (
  post_id     INTEGER NOT NULL REFERENCES posts (id),
  revision    INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  body_md     TEXT    NOT NULL,
  body_html   TEXT    NOT NULL,
  lang        TEXT    NOT NULL,
  lang_source TEXT    NOT NULL CHECK (lang_source IN ('detected', 'author')),
  slug        TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (post_id, revision)
) STRICT;

-- Cashtags per revision, in order of first mention; a post's current tokens are those of its
-- current revision.
CREATE TABLE post_tokens (
  post_id  INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  position INTEGER NOT NULL,
  symbol   TEXT    NOT NULL,
  PRIMARY KEY (post_id, revision, position),
  FOREIGN KEY (post_id, revision) REFERENCES post_revisions (post_id, revision)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_tokens_by_symbol ON post_tokens (symbol, post_id);
