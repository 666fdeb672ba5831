-- Issue #4: what the user lifecycle delivery brings, and the data this service owns beside the profile.

-- The delivered snapshot (docs/internal-contracts.md §3). version guards every upsert; display_name is the
-- nickname unless an operator set one (nickname NULL = use display_name).
ALTER TABLE profile
    ADD COLUMN version               BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN display_name          TEXT   NOT NULL DEFAULT '',
    ADD COLUMN chat_duration_seconds BIGINT NOT NULL DEFAULT 0 CHECK (chat_duration_seconds >= 0),
    ALTER COLUMN nickname DROP NOT NULL,
    ALTER COLUMN nickname DROP DEFAULT,
    ALTER COLUMN last_login_ip DROP NOT NULL,
    ALTER COLUMN last_login_ip DROP DEFAULT;
UPDATE profile SET nickname = NULL WHERE nickname = '';
ALTER TABLE profile ALTER COLUMN last_login_ip TYPE INET USING NULLIF(last_login_ip, '')::INET;

-- Seed 002: organisations, roles, and which roles a user holds in which organisation.
CREATE TABLE org (
    org_id   BIGINT PRIMARY KEY,
    org_code TEXT   NOT NULL UNIQUE,
    org_name TEXT   NOT NULL
);
CREATE TABLE role (
    role_id   BIGINT PRIMARY KEY,
    role_code TEXT   NOT NULL UNIQUE,
    role_name TEXT   NOT NULL
);
CREATE TABLE membership (
    user_id BIGINT NOT NULL REFERENCES profile (user_id) ON DELETE CASCADE,
    org_id  BIGINT NOT NULL REFERENCES org (org_id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, org_id)
);
CREATE TABLE membership_role (
    user_id BIGINT NOT NULL,
    org_id  BIGINT NOT NULL,
    role_id BIGINT NOT NULL REFERENCES role (role_id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, org_id, role_id),
    FOREIGN KEY (user_id, org_id) REFERENCES membership (user_id, org_id) ON DELETE CASCADE
);

-- Apps as this service knows them: seed 004's numeric appid, the client_id tokens carry, and whether an
-- operator granted the app directory access (seed 002: read users other than the token's own).
CREATE TABLE app (
    app_id           BIGINT  PRIMARY KEY,
    client_id        TEXT    NOT NULL UNIQUE,
    directory_access BOOLEAN NOT NULL DEFAULT FALSE
);

-- Seed 004's per-app user groups: 0 whitelist and 1 blacklist always exist; 2 and up are custom, named here.
CREATE TABLE app_group (
    app_id   BIGINT NOT NULL REFERENCES app (app_id) ON DELETE CASCADE,
    group_id INT    NOT NULL CHECK (group_id >= 2),
    name     TEXT   NOT NULL,
    PRIMARY KEY (app_id, group_id)
);
CREATE TABLE group_member (
    app_id   BIGINT NOT NULL REFERENCES app (app_id) ON DELETE CASCADE,
    group_id INT    NOT NULL CHECK (group_id >= 0),
    user_id  BIGINT NOT NULL REFERENCES profile (user_id) ON DELETE CASCADE,
    PRIMARY KEY (app_id, group_id, user_id)
);
CREATE INDEX group_member_user ON group_member (user_id);

-- IP to country (DB-IP / IP2Location lite CSV ranges), looked up by the greatest range start <= the address.
CREATE TABLE ip_country (
    ip_from INET    NOT NULL PRIMARY KEY,
    ip_to   INET    NOT NULL,
    country CHAR(2) NOT NULL
);
-- Which file is loaded, so a restart with the same file skips the reload.
CREATE TABLE ip_country_source (
    id       INT  PRIMARY KEY CHECK (id = 1),
    sha256   TEXT NOT NULL,
    rows     BIGINT NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
