-- Issue #18: every admin write is recorded, in the same transaction as the change, with who made it (the static
-- credential "admin-token" or "operator:<user id>"), what (action <noun>.<verb>, target <noun>:<id>) and the state
-- before and after (JSON, null on create or delete). The same table in every service's own schema.
CREATE TABLE audit_trail (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before JSONB,
    after  JSONB
);

-- GET /admin/audit filters by each of these, newest (highest id) first.
CREATE INDEX audit_trail_actor ON audit_trail (actor, id DESC);
CREATE INDEX audit_trail_action ON audit_trail (action, id DESC);
CREATE INDEX audit_trail_target ON audit_trail (target, id DESC);
