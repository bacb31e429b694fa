-- mfactl schema 5: the temporary access pass, and proof before re-enrolment (issue 18).
-- Never edit a shipped migration.

-- When support last reset the user's factors (`user reset-mfa`); cleared by the next
-- enrolment. While it is set, a sign-in shows an enrolment secret only after a proof
-- (an access pass, or an email code): the password alone never enrols after a reset.
ALTER TABLE users ADD COLUMN reset_at INTEGER;
-- What proved the person who started the pending enrolment: 'pass' or 'email'; NULL
-- for the password alone (a first enrolment) or an admin's `user activate-2fa`.
ALTER TABLE users ADD COLUMN pending_proof TEXT CHECK (pending_proof IN ('pass', 'email'));

-- Temporary access passes (SPEC §4): at most one per user, as a keyed hash bound to the
-- user. A pass is deleted when it is used, replaced or revoked.
CREATE TABLE access_passes (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    pass_hash  TEXT NOT NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
