-- mfactl schema 1. Never edit a shipped migration: add 0002_*.sql instead.

-- Store-wide values: the id of the encryption key, the head of the audit chain.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- A super app / reseller platform and its authentication settings (SPEC §1).
CREATE TABLE tenants (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at             INTEGER NOT NULL,
    twofa_enabled          INTEGER NOT NULL DEFAULT 0,
    primary_method         TEXT NOT NULL DEFAULT 'totp' CHECK (primary_method IN ('totp', 'email')),
    secondary_method       TEXT CHECK (secondary_method IN ('totp', 'email')),
    grace_period_secs      INTEGER NOT NULL DEFAULT 0,
    members_may_deactivate INTEGER NOT NULL DEFAULT 1,
    remember_device_days   INTEGER NOT NULL DEFAULT 90
) STRICT;

-- A customer or workspace of a tenant; enforce_mfa applies to its local users.
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    slug        TEXT NOT NULL COLLATE NOCASE,
    enforce_mfa INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (tenant_id, slug)
) STRICT;

-- A member; the login is the email, unique within the tenant. Secrets are encrypted
-- with the key file (nonce || ciphertext); hashes are argon2id (passwords).
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    company_id          INTEGER REFERENCES companies (id) ON DELETE CASCADE,
    email               TEXT NOT NULL COLLATE NOCASE,
    kind                TEXT NOT NULL CHECK (kind IN ('local', 'sso')),
    password_hash       TEXT,
    password_changed_at INTEGER,
    created_at          INTEGER NOT NULL,
    totp_secret         BLOB,
    totp_enrolled_at    INTEGER,
    totp_last_step      INTEGER,
    pending_secret      BLOB,
    pending_created_at  INTEGER,
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        INTEGER,
    grace_started_at    INTEGER,
    UNIQUE (tenant_id, email)
) STRICT;
CREATE INDEX users_company ON users (company_id);

-- Single-use recovery codes, stored as keyed hashes.
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER
) STRICT;
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Remembered devices: a public id and the keyed hash of the secret token.
CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER
) STRICT;
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE roles (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         TEXT NOT NULL COLLATE NOCASE,
    requires_2fa INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, name)
) STRICT;

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
) STRICT;

CREATE TABLE groups (
    id        INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name      TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (tenant_id, name)
) STRICT;

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
) STRICT;

CREATE TABLE group_roles (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    role_id  INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, role_id)
) STRICT;

-- Append-only, hash-chained audit log (SPEC §4). Not tied to other tables by foreign
-- keys: deleting a tenant must not delete its history.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    reason    TEXT,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
