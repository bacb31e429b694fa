-- mfactl schema 7: authenticators and passwords imported from another system (issue 21,
-- SPEC §8). Never edit a shipped migration.

-- An authenticator keeps the algorithm, digits and period it was made with. Every
-- authenticator mfactl enrols is SHA1, 6 digits, 30 seconds; an imported one may be
-- SHA256 or SHA512, 8 digits, 60 seconds. Replay protection counts steps of its period.
ALTER TABLE users ADD COLUMN totp_algorithm TEXT NOT NULL DEFAULT 'SHA1'
    CHECK (totp_algorithm IN ('SHA1', 'SHA256', 'SHA512'));
ALTER TABLE users ADD COLUMN totp_digits INTEGER NOT NULL DEFAULT 6 CHECK (totp_digits IN (6, 8));
ALTER TABLE users ADD COLUMN totp_period INTEGER NOT NULL DEFAULT 30 CHECK (totp_period IN (30, 60));
-- `password_hash` may now hold a hash of another scheme (argon2i, bcrypt, scrypt,
-- PBKDF2) imported as it was; the first sign-in that passes replaces it by argon2id.
