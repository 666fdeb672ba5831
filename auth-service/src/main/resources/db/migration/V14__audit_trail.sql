-- Every admin write, recorded in the write's own transaction (issue #18): who (operator:<user id> or admin-token),
-- what (<noun>.<verb>) on which target (user:<id>, app:<client_id>, key:<kid>), and the state before and after as
-- JSON views (never a password, hash, secret or private key). Read newest first by GET /admin/audit.
CREATE TABLE audit_trail (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor  TEXT        NOT NULL,
    action TEXT        NOT NULL,
    target TEXT        NOT NULL,
    before JSONB,
    after  JSONB
);
-- The console's questions: what happened to this target, what did this operator do.
CREATE INDEX audit_trail_target ON audit_trail (target, id);
CREATE INDEX audit_trail_actor ON audit_trail (actor, id);
