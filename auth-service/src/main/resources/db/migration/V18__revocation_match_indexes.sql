-- Issue #19: introspection asks on every call whether a revocation rule covers the token (Revocations.covers). With
-- 100,000 live rules, expires_at > now() matched them all and the plan read the whole table; one index per way a rule
-- matches (only that kind's rows) lets the OR become a BitmapOr of small index probes.
CREATE INDEX revocation_token ON revocation (token_id) WHERE kind = 'token';
CREATE INDEX revocation_grant ON revocation (grant_id) WHERE kind = 'grant';
CREATE INDEX revocation_subject ON revocation (subject) WHERE kind IN ('user', 'user_app');
