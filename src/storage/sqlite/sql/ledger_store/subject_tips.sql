SELECT COUNT(*) FROM tips WHERE subject_kind = ? AND subject_id = ?
