DELETE FROM ticker_history WHERE resolution = 60 AND bucket < $1
