-- A deleted post keeps no summaries.
DELETE FROM summaries WHERE post_id = $1
