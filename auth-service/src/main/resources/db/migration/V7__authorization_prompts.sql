-- Seed 000's pushed authorization prompts (issue #6). One row per authorization request an app's tokenless call
-- opened; user_id is whatever the app named, so it has no foreign key: the row must not depend on the user existing.
CREATE TABLE authorization_prompt (
    id           TEXT        PRIMARY KEY,            -- request_id: 'pr_' and 128 random bits
    appid        BIGINT      NOT NULL REFERENCES app (appid) ON DELETE CASCADE,
    user_id      BIGINT,
    scopes       TEXT[]      NOT NULL,
    redirect_uri TEXT        NOT NULL,
    state        TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
    -- Shown to the user: the answer's "prompted". Only such prompts can be answered.
    pushed       BOOLEAN     NOT NULL,
    -- The approval's code for the poll, AES-GCM under the key-encryption key; cleared once the code has expired.
    code_sealed  BYTEA,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL,
    answered_at  TIMESTAMPTZ
);
-- One pending prompt per (app, user) (issue #6: a second trigger returns it).
CREATE UNIQUE INDEX authorization_prompt_one_pending ON authorization_prompt (appid, user_id) WHERE status = 'pending';
CREATE INDEX authorization_prompt_by_app ON authorization_prompt (appid, created_at);
CREATE INDEX authorization_prompt_due ON authorization_prompt (expires_at) WHERE status = 'pending';
CREATE INDEX authorization_prompt_by_user ON authorization_prompt (user_id) WHERE status = 'pending';
CREATE INDEX authorization_prompt_created ON authorization_prompt (created_at);

-- The audit trail: every prompt opened, answered or expired.
CREATE TABLE authorization_prompt_event (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prompt_id TEXT        NOT NULL REFERENCES authorization_prompt (id) ON DELETE CASCADE,
    event     TEXT        NOT NULL CHECK (event IN ('opened', 'approved', 'denied', 'expired')),
    detail    TEXT,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX authorization_prompt_event_prompt ON authorization_prompt_event (prompt_id);

-- Apps whose prompts the user does not want (the authorized-apps page).
CREATE TABLE prompt_mute (
    user_id  BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    appid    BIGINT      NOT NULL REFERENCES app (appid) ON DELETE CASCADE,
    muted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, appid)
);

-- Who has a page open, per auth-service pod: connections > 0 while open (seen_at refreshed by the pod's
-- heartbeat), then online for a grace period after seen_at. A crashed pod's rows go stale on their own.
CREATE TABLE user_presence (
    user_id     BIGINT      NOT NULL,
    instance_id TEXT        NOT NULL,
    connections INTEGER     NOT NULL CHECK (connections >= 0),
    seen_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, instance_id)
);
CREATE INDEX user_presence_instance ON user_presence (instance_id) WHERE connections > 0;
