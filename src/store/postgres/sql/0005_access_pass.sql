-- mfactl schema 5 on PostgreSQL: src/store/sqlite/sql/0005_access_pass.sql translated
-- (see 0001_init.sql for the rules). Never edit a shipped migration.

-- When support last reset the user's factors; cleared by the next enrolment (a proof
-- before an enrolment secret is shown while it is set).
ALTER TABLE users ADD COLUMN reset_at BIGINT;
-- What proved the person who started the pending enrolment: 'pass' or 'email'.
ALTER TABLE users ADD COLUMN pending_proof TEXT CHECK (pending_proof IN ('pass', 'email'));

-- Temporary access passes: at most one per user, as a keyed hash bound to the user.
CREATE TABLE access_passes (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    pass_hash  TEXT NOT NULL,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
