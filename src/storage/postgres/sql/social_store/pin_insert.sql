INSERT INTO pins (author_id, post_id, pinned_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
