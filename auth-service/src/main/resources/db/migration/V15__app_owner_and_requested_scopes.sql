-- Issue #18: an app registered in the developer console belongs to the user who registered it; an app an operator
-- registered has no owner. Deleting the owner leaves the app serving its users, managed by operators from then on.
ALTER TABLE app ADD COLUMN owner_user_id BIGINT REFERENCES app_user (id) ON DELETE SET NULL;
CREATE INDEX app_owner ON app (owner_user_id) WHERE owner_user_id IS NOT NULL;
-- Privileged scopes (quota_write moves money, org_read reads directories) the owner asked for and an operator has not
-- approved yet: never granted until POST /admin/apps/{client_id}/approve-scopes moves them to allowed_scopes.
ALTER TABLE app ADD COLUMN requested_scopes TEXT[] NOT NULL DEFAULT '{}';
