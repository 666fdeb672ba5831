-- Issue #15 item 4: the last login auth-service delivers (docs/internal-contracts.md §3) is kept, and the country of
-- its address comes from a MaxMind-format database read in Java (geo.IpCountryDatabase), no longer from tables.

-- When the user last signed in, as delivered: a snapshot with a later time is a login and brings its last_login_ip.
ALTER TABLE profile ADD COLUMN last_login_at TIMESTAMPTZ;

DROP TABLE ip_country;
DROP TABLE ip_country_source;
