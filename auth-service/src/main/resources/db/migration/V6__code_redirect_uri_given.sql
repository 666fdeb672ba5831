-- Whether the authorization request carried redirect_uri: only then must the token request repeat it
-- (RFC 6749 §4.1.3). Codes issued before this migration all had it.
ALTER TABLE authorization_code ADD COLUMN redirect_uri_given BOOLEAN NOT NULL DEFAULT TRUE;
