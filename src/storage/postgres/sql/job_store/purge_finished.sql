DELETE FROM jobs WHERE state IN ('done', 'dead') AND updated_at < $1
