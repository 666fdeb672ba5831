-- Accounts of seed 003 (/api/user/self), keyed by the user id auth-service assigns (issue #5).
CREATE TABLE account (
    id                 BIGINT      PRIMARY KEY,
    username           TEXT        NOT NULL,
    display_name       TEXT        NOT NULL DEFAULT '',
    -- 1 common, 10 admin, 100 root
    role               INTEGER     NOT NULL DEFAULT 1 CHECK (role IN (1, 10, 100)),
    -- 1 enabled, 2 disabled
    status             INTEGER     NOT NULL DEFAULT 1 CHECK (status IN (1, 2)),
    email              TEXT        NOT NULL DEFAULT '',
    github_id          TEXT        NOT NULL DEFAULT '',
    wechat_id          TEXT        NOT NULL DEFAULT '',
    oidc_id            TEXT        NOT NULL DEFAULT '',
    google_id          TEXT        NOT NULL DEFAULT '',
    "group"            TEXT        NOT NULL DEFAULT 'default',
    can_use_self_group BOOLEAN     NOT NULL DEFAULT FALSE,
    aff_code           TEXT        NOT NULL UNIQUE,
    inviter_id         BIGINT      NOT NULL DEFAULT 0,
    aff_count          INTEGER     NOT NULL DEFAULT 0,
    aff_quota          BIGINT      NOT NULL DEFAULT 0 CHECK (aff_quota >= 0),
    aff_history_quota  BIGINT      NOT NULL DEFAULT 0,
    -- quota units: 500000 units are one currency unit (seed 003)
    quota              BIGINT      NOT NULL DEFAULT 0 CHECK (quota >= 0),
    used_quota         BIGINT      NOT NULL DEFAULT 0 CHECK (used_quota >= 0),
    request_count      BIGINT      NOT NULL DEFAULT 0,
    created_at         BIGINT      NOT NULL DEFAULT extract(epoch FROM now())::BIGINT,
    last_login_at      BIGINT      NOT NULL DEFAULT 0,
    last_login_ip      TEXT        NOT NULL DEFAULT ''
);
