DELETE FROM assets WHERE symbol = ?
