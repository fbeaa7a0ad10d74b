-- name: placeholder 0006 (TEMPORARY on branch social: drop when the owning branch is merged)
SELECT 1;
