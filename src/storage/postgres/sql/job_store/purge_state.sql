DELETE FROM jobs WHERE state = $1 AND updated_at < $2
