-- The audit trail of the admin API (issue #18): who changed what, when, and the state before and after, each row
-- written in the same transaction as the admin write it records. The same table in every service's own schema.
CREATE TABLE audit_trail (
    id     BIGSERIAL   PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- "operator:<user id>", "admin-token" (the static credential) or "user:<id>" (an admin's personal access token)
    actor  TEXT        NOT NULL,
    -- <noun>.<verb>: quota.adjust, account.disable, account.enable
    action TEXT        NOT NULL,
    -- account:<user id>
    target TEXT        NOT NULL,
    before JSONB,
    after  JSONB
);
-- The console's two questions: what happened to this account, and what did this person do (newest first).
CREATE INDEX audit_trail_target ON audit_trail (target, id DESC);
CREATE INDEX audit_trail_actor ON audit_trail (actor, id DESC);
