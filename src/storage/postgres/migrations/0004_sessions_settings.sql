-- name: sessions and settings
-- Issue 12, finding 6: each session lists its public id (what the owner revokes by; random, so it
-- reveals nothing of the token or its hash), when it was last seen (refreshed at most once a
-- minute, for the idle timeout), the device (a short user-agent summary) and the address it
-- logged in from. Sessions made before this migration get a fresh id and were last seen when
-- they were made.
ALTER TABLE sessions ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
UPDATE sessions SET public_id = md5(random()::text || token_hash), last_seen_at = created_at;
CREATE UNIQUE INDEX sessions_by_public_id ON sessions (public_id);
