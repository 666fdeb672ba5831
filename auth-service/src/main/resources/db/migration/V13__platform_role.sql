-- Operators are platform users with a platform role (issue #18): operator may be granted admin:read and admin:write,
-- auditor admin:read only; everyone else (null) neither. Set only through PUT /admin/users/{id}/platform-role.
ALTER TABLE app_user ADD COLUMN platform_role TEXT CHECK (platform_role IN ('operator', 'auditor'));
