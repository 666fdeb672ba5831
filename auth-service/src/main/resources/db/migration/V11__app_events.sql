-- Issue #15 item 0: apps are registered once, here, and announced to userinfo-service (docs/internal-contracts.md §5).

-- Increases with every change of the app; receivers apply an event only when its version is newer (§5).
ALTER TABLE app ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- The transactional outbox of app changes, like user_event: inserts are serialized (advisory lock) so seq commits
-- in order and a cursor never skips a row that commits late.
CREATE TABLE app_event (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    appid       BIGINT      NOT NULL,
    type        TEXT        NOT NULL CHECK (type IN ('app.created', 'app.updated', 'app.disabled', 'app.enabled', 'app.deleted')),
    payload     JSONB       NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One cursor per subscriber and feed; the cursors that exist are the user feed's.
ALTER TABLE delivery_cursor ADD COLUMN feed TEXT NOT NULL DEFAULT 'user-events'
    CHECK (feed IN ('user-events', 'app-events'));
ALTER TABLE delivery_cursor ALTER COLUMN feed DROP DEFAULT;
ALTER TABLE delivery_cursor DROP CONSTRAINT delivery_cursor_pkey;
ALTER TABLE delivery_cursor ADD PRIMARY KEY (subscriber, feed);

-- An upgraded installation announces the apps it already has: one app.created each, in appid order.
INSERT INTO app_event (event_id, appid, type, payload, occurred_at)
SELECT gen_random_uuid(), appid, 'app.created',
       jsonb_build_object('appid', appid, 'client_id', client_id, 'name', name,
                          'status', CASE WHEN enabled THEN 'active' ELSE 'disabled' END, 'version', version),
       now()
FROM app ORDER BY appid;
