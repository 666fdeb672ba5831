-- Issue #15 item 0: apps are registered once, at auth-service, and delivered here (docs/internal-contracts.md §5).
-- Rows registered by hand before keep serving: active, version 0, so auth-service's first event (version >= 1) wins.
ALTER TABLE app ADD COLUMN name    TEXT   NOT NULL DEFAULT '';
ALTER TABLE app ADD COLUMN status  TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted'));
ALTER TABLE app ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- A deleted app keeps a tombstone (app_id, status, version) without a client_id, so a later app may take it.
ALTER TABLE app ALTER COLUMN client_id DROP NOT NULL;
