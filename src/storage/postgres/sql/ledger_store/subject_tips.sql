SELECT COUNT(*) FROM tips WHERE subject_kind = $1 AND subject_id = $2
