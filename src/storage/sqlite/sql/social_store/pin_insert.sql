INSERT OR IGNORE INTO pins (author_id, post_id, pinned_at) VALUES (?, ?, ?)
