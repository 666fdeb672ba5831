-- User lifecycle delivery (docs/internal-contracts.md §3) and the quota ledger (issue #5).

-- Lifecycle as auth-service last told it; an event applies only if its version is greater (contract §3).
ALTER TABLE account ADD COLUMN user_version   BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE account ADD COLUMN lifecycle      TEXT    NOT NULL DEFAULT 'active'
    CHECK (lifecycle IN ('active', 'disabled', 'deleted'));
-- Disabled by an admin here, independent of auth-service: status = 1 only if active and not admin-disabled.
ALTER TABLE account ADD COLUMN admin_disabled BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX account_username ON account (username);

-- Every change of quota, one row each, with the balances right after it: the first result of an idempotent
-- write is replayed from here.
CREATE TABLE ledger (
    id                  BIGSERIAL PRIMARY KEY,
    account_id          BIGINT NOT NULL REFERENCES account (id),
    -- consume, refund, topup, admin_adjust, aff_transfer
    kind                TEXT   NOT NULL,
    -- the amount the request asked for (positive), and its signed effect on quota
    amount              BIGINT NOT NULL,
    quota_delta         BIGINT NOT NULL,
    quota_after         BIGINT NOT NULL,
    used_quota_after    BIGINT NOT NULL,
    request_count_after BIGINT NOT NULL,
    -- client_id of a service write, or "user:<id>" for an admin or the user themself
    actor               TEXT   NOT NULL,
    idempotency_key     TEXT,
    reason              TEXT   NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL DEFAULT extract(epoch FROM now())::BIGINT
);
-- One write per key and caller, also for duplicates that arrive concurrently: the loser's insert conflicts.
CREATE UNIQUE INDEX ledger_idempotency ON ledger (actor, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ledger_account ON ledger (account_id, id DESC);
