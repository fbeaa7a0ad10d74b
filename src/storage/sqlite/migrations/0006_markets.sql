-- name: markets
-- The asset registry, the last ticker of each symbol, its history, and the price of each token
-- stored with the post that tags it (docs/markets.md). Prices, changes and volumes are exact
-- decimal strings as markets::Decimal writes them ("67012.5", "-0.92"): no floating point.
CREATE TABLE assets (
  symbol     TEXT    PRIMARY KEY CHECK (symbol <> ''),
  name       TEXT    NOT NULL,
  decimals   INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 18),
  aliases    TEXT    NOT NULL DEFAULT '',  -- upper-case symbols joined by ','
  trade_url  TEXT    NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE TABLE tickers (
  symbol     TEXT    PRIMARY KEY CHECK (symbol <> ''),
  last       TEXT    NOT NULL,
  change_24h TEXT    NOT NULL,
  volume_24h TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  source     TEXT    NOT NULL
) STRICT, WITHOUT ROWID;

-- resolution in seconds: 60 (kept 24 hours) or 3600 (kept 90 days); bucket = its start, in
-- microseconds since the epoch.
CREATE TABLE ticker_history (
  symbol     TEXT    NOT NULL,
  resolution INTEGER NOT NULL CHECK (resolution IN (60, 3600)),
  bucket     INTEGER NOT NULL,
  open       TEXT    NOT NULL,
  close      TEXT    NOT NULL,
  PRIMARY KEY (symbol, resolution, bucket)
) STRICT, WITHOUT ROWID;

-- The price when the post (or the edit that added the tag) was stored; NULL when none was known.
ALTER TABLE post_tokens ADD COLUMN price_at_post TEXT;
