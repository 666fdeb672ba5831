-- Issue #18: access tokens issued per app and UTC day, for the developer console. Counted in memory on each pod and
-- added here by one upsert every few seconds (and at shutdown), so the token endpoint never waits for this row.
CREATE TABLE app_token_day (
    appid  BIGINT NOT NULL REFERENCES app (appid) ON DELETE CASCADE,
    day    DATE   NOT NULL,
    issued BIGINT NOT NULL CHECK (issued >= 0),
    PRIMARY KEY (appid, day)
);
