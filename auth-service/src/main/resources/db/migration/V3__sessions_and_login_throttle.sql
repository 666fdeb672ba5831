-- Browser sessions of the login page. The cookie carries a random 256-bit id; only its SHA-256 is stored, so a
-- copy of this table logs nobody in. auth_time is OIDC Core §2's: when the user last entered a password.
CREATE TABLE browser_session (
    id_hash    BYTEA PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    auth_time  TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX browser_session_user ON browser_session (user_id);
CREATE INDEX browser_session_expiry ON browser_session (expires_at);

-- Failed logins per account and per client IP, shared by every pod. The account key is a hash of the lower-cased
-- login, so names that do not exist are counted alike (and not stored in clear).
CREATE TABLE login_throttle (
    throttle_key      TEXT PRIMARY KEY,
    failures          INT         NOT NULL,
    window_started_at TIMESTAMPTZ NOT NULL,
    -- No login for this key is checked before this instant.
    blocked_until     TIMESTAMPTZ
);
CREATE INDEX login_throttle_window ON login_throttle (window_started_at);
