-- name: placeholder 0005 (TEMPORARY on branch social: drop when the owning branch is merged)
SELECT 1;
