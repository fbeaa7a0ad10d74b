-- name: translations
-- Machine translations, keyed by content (DESIGN.md §8): the hash of the source text, its
-- language, the target and the engines of the route. Shared by every post, summary or comment
-- with the same text; a new engine (a different key) translates again.
CREATE TABLE translations (
  source_hash TEXT   NOT NULL CHECK (source_hash <> ''),
  source_lang TEXT   NOT NULL CHECK (source_lang <> ''),
  target      TEXT   NOT NULL CHECK (target <> ''),
  engine      TEXT   NOT NULL CHECK (engine <> ''),
  text        TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (source_hash, source_lang, target, engine)
);
