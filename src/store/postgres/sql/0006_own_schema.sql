-- mfactl schema 6 on PostgreSQL: the store's tables move from the schema `public`
-- into `mfactl`, a schema of mfactl's own, which its sessions search alone
-- (`search_path = mfactl`, PostgreSQL's own catalog first). Whatever others may put in
-- `public` (every role may create there before PostgreSQL 15) then never reaches
-- mfactl, and what the session check has to look at is what is in `mfactl` or on its
-- tables (src/store/postgres/check.rs). Indexes, constraints, the identity sequences
-- and the row types move with their tables. A store made at schema 6 or later has its
-- tables in `mfactl` from the start, and nothing here moves. (SQLite has no schemas:
-- its 0006 does nothing.) Never edit a shipped migration.
CREATE SCHEMA IF NOT EXISTS mfactl;
ALTER TABLE IF EXISTS public.mfactl_schema SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.meta SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.tenants SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.companies SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.users SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.recovery_codes SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.devices SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.roles SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.user_roles SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.groups SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.group_members SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.group_roles SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.totp_steps SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.mail_server SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.email_codes SET SCHEMA mfactl;
ALTER TABLE IF EXISTS public.audit_log SET SCHEMA mfactl;
