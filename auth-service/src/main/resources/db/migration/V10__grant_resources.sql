-- RFC 8707 resource indicators named by the authorization request: the widest aud of the grant's access tokens
-- (a token request may narrow it, never widen it, RFC 8707 §2.2). NULL = every resource server (auth.tokens.resources).
ALTER TABLE authorization_grant ADD COLUMN resources TEXT[];
