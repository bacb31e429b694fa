-- mfactl schema 4: indexes for stores of a million users (issue 10). Never edit a
-- shipped migration.

-- A user by email without --tenant (the unique index leads with the tenant).
CREATE INDEX users_email ON users (email);
-- The holders of a role, directly and through groups; the groups of a user.
CREATE INDEX user_roles_role ON user_roles (role_id);
CREATE INDEX group_members_user ON group_members (user_id);
CREATE INDEX group_roles_role ON group_roles (role_id);
-- `audit --since`.
CREATE INDEX audit_log_at ON audit_log (at);
