-- name: ledger
-- The rewards ledger (docs/rewards.md). Amounts are BIGINT minor units of their asset (PTS with
-- 2 decimals: 1250 is 12.50). Every transaction is a set of entries summing to zero per asset;
-- each account keeps its balance in step inside the transaction that posts the entries, and
-- `plaza ledger verify` recomputes every balance from the entries.
CREATE TABLE ledger_accounts (
  id      BIGSERIAL PRIMARY KEY,
  kind    TEXT   NOT NULL CHECK (kind IN ('user', 'system', 'fee')),
  user_id BIGINT NOT NULL DEFAULT 0,  -- the owner of a 'user' account; 0 otherwise
  asset   TEXT   NOT NULL CHECK (asset <> ''),
  balance BIGINT NOT NULL DEFAULT 0,
  -- Only the system account (the source of grants) may go below zero.
  CHECK (kind = 'system' OR balance >= 0),
  UNIQUE (kind, user_id, asset)
);

CREATE TABLE ledger_tx (
  id         BIGSERIAL PRIMARY KEY,
  kind       TEXT   NOT NULL CHECK (kind IN ('tip', 'grant', 'adjust', 'welcome')),
  actor_id   BIGINT NOT NULL DEFAULT 0,  -- the user who moved value (the tipper); 0: system
  memo       TEXT   NOT NULL DEFAULT '',  -- an operator's reason
  created_at BIGINT NOT NULL
);

CREATE TABLE ledger_entries (
  tx_id      BIGINT NOT NULL REFERENCES ledger_tx (id),
  account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
  asset      TEXT   NOT NULL,
  amount     BIGINT NOT NULL CHECK (amount <> 0),
  PRIMARY KEY (tx_id, account_id)
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, tx_id);

-- A tip: the transaction's subject (a post, or a comment of a post) and what the page shows.
CREATE TABLE tips (
  tx_id        BIGINT PRIMARY KEY REFERENCES ledger_tx (id),
  subject_kind TEXT   NOT NULL CHECK (subject_kind IN ('post', 'comment')),
  subject_id   BIGINT NOT NULL,
  post_id      BIGINT NOT NULL,  -- the post itself, or the comment's post
  tipper_id    BIGINT NOT NULL REFERENCES users (id),
  author_id    BIGINT NOT NULL REFERENCES users (id),
  asset        TEXT   NOT NULL,
  amount       BIGINT NOT NULL CHECK (amount > 0),
  fee          BIGINT NOT NULL CHECK (fee >= 0 AND fee <= amount),
  message      TEXT   NOT NULL DEFAULT '',
  created_at   BIGINT NOT NULL
);
CREATE INDEX tips_by_subject ON tips (subject_kind, subject_id, tx_id);

-- Idempotency keys of value-moving API writes, per caller: the request they were first used
-- with and the transaction it made. Kept at least rewards.idempotency_hours, then purged.
CREATE TABLE idempotency_keys (
  user_id    BIGINT NOT NULL,
  key        TEXT   NOT NULL,
  request    TEXT   NOT NULL,  -- the canonical parameters ("post:12|PTS|150|message")
  tx_id      BIGINT NOT NULL REFERENCES ledger_tx (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
