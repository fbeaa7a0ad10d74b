DELETE FROM ticker_history WHERE resolution = 3600 AND bucket < ?
