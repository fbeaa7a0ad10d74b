SELECT 1 FROM jobs WHERE id = ?
