-- name: attached_tokens
-- The tokens an author attached to a revision from the asset registry (docs/markets.md),
-- upper-case symbols joined by ',' in the author's order ('' = none). Kept apart from post_tokens
-- (the revision's chips: its cashtags, then the attached tokens it does not mention), so that
-- re-extracting cashtags keeps them.
ALTER TABLE post_revisions ADD COLUMN attached_tokens TEXT NOT NULL DEFAULT '';
