DELETE FROM jobs WHERE state = ? AND updated_at < ?
