-- name: reserved for sessions and settings
-- PLACEHOLDER of the transint branch: migration numbers count without gaps, and 0004 belongs to
-- the sessions/settings branch. Delete this file when that branch's 0004 is merged.
SELECT 1;
