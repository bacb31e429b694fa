-- mfactl schema 2: sign-in hardening (issue 8). Never edit a shipped migration.

-- Bumped whenever a user's factors or password change. A remembered device is honoured
-- only while the epoch it was issued under is still the user's.
ALTER TABLE users ADD COLUMN credential_epoch INTEGER NOT NULL DEFAULT 0;

-- Authenticator steps accepted for a user, the most recent few: a step once accepted is
-- never accepted again, and a step recorded under a clock that ran ahead can be told
-- apart from real history instead of turning every later code into a "replay".
CREATE TABLE totp_steps (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL,
    accepted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX totp_steps_user ON totp_steps (user_id, step);
INSERT INTO totp_steps (user_id, step, accepted_at)
    SELECT id, totp_last_step, coalesce(totp_enrolled_at, 0) FROM users WHERE totp_last_step IS NOT NULL;
ALTER TABLE users DROP COLUMN totp_last_step;

-- Devices remembered under schema 1 may come from a sign-in that passed no second
-- factor, and were not bound to the user's factors: revoke them all. From now on a
-- device records the credential epoch and the factor it was remembered after, and it
-- expires by the tenant's current remember-device lifetime, not a stored date.
DELETE FROM devices;
ALTER TABLE devices DROP COLUMN expires_at;
ALTER TABLE devices ADD COLUMN credential_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN factor TEXT NOT NULL DEFAULT 'totp';
