-- Issue #16 item 7: a new key is published as 'next' (in every pod's JWKS after one refresh) before it signs. Every pod
-- signs with the newest key whose signs_from has passed, so all pods switch at the same instant without coordination.
ALTER TABLE signing_key ADD COLUMN signs_from TIMESTAMPTZ;
UPDATE signing_key SET signs_from = created_at;
ALTER TABLE signing_key ALTER COLUMN signs_from SET NOT NULL;

ALTER TABLE signing_key DROP CONSTRAINT signing_key_status_check;
ALTER TABLE signing_key ADD CONSTRAINT signing_key_status_check
    CHECK (status IN ('next', 'active', 'previous', 'retired'));

-- At most one rotation is under way: one published key waits to sign.
CREATE UNIQUE INDEX signing_key_one_next ON signing_key (status) WHERE status = 'next';
