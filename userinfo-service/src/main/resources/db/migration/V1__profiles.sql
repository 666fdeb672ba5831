-- Profiles of the users auth-service creates (delivered to this service, issue #4).
CREATE TABLE profile (
    user_id       BIGINT      PRIMARY KEY,
    account       TEXT        NOT NULL,
    nickname      TEXT        NOT NULL DEFAULT '',
    avatar_url    TEXT        NOT NULL DEFAULT '',
    -- 0 unknown, 1 male, 2 female (seed 002's gender, seed 001's sex)
    gender        SMALLINT    NOT NULL DEFAULT 0 CHECK (gender IN (0, 1, 2)),
    email         TEXT        NOT NULL DEFAULT '',
    phone         TEXT        NOT NULL DEFAULT '',
    last_login_ip TEXT        NOT NULL DEFAULT '',
    status        TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
