DELETE FROM assets WHERE symbol = $1
