-- mfactl schema 3: email delivery and email codes (issue 9). Never edit a shipped migration.

-- The mail server every admin of this store sends through (SPEC §5); none: the outbox.
-- The password is encrypted with the key file, bound to this server; the CA is the PEM
-- given to --ca-file; mac, keyed from the key file, covers the whole row, so settings
-- rewritten in the database alone (mail sent elsewhere) are refused.
CREATE TABLE mail_server (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    implicit_tls INTEGER NOT NULL,
    host         TEXT NOT NULL,
    port         INTEGER NOT NULL,
    username     TEXT,
    password     BLOB,
    from_address TEXT NOT NULL,
    ca_pem       TEXT,
    set_at       INTEGER NOT NULL,
    mac          TEXT NOT NULL
) STRICT;

-- Codes sent by email (SPEC §4): keyed hashes bound to the user and the purpose. A row
-- is written before the mail goes out and counts as sent once delivered (or while its
-- send may still be running); only the latest delivered code of a user and purpose
-- works.
CREATE TABLE email_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose   TEXT NOT NULL CHECK (purpose IN ('sign_in', 'deactivate', 'reset')),
    code_hash TEXT NOT NULL,
    sent_at   INTEGER NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0,
    guesses   INTEGER NOT NULL DEFAULT 0,
    used_at   INTEGER
) STRICT;
CREATE INDEX email_codes_user ON email_codes (user_id, purpose, id);
