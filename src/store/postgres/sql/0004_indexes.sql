-- mfactl schema 4 on PostgreSQL: src/store/sql/0004_indexes.sql translated (see
-- 0001_init.sql for the rules). Never edit a shipped migration.

-- A user by email without --tenant (the unique index leads with the tenant); on
-- lower(email), as names are compared. text_pattern_ops is not needed: the column is
-- COLLATE "C", so the index also answers prefix ranges.
CREATE INDEX users_email ON users (lower(email));
-- The holders of a role, directly and through groups; the groups of a user.
CREATE INDEX user_roles_role ON user_roles (role_id);
CREATE INDEX group_members_user ON group_members (user_id);
CREATE INDEX group_roles_role ON group_roles (role_id);
-- `audit --since`.
CREATE INDEX audit_log_at ON audit_log (at);
