//! The words around each command that are not its flags, in one table: the JSON fields it
//! prints, two or three real examples, and the sections every man page shares (exit
//! status, environment, files). `--help` reads it (`after_help` shows the examples, so
//! `-h` has them too; `after_long_help` adds the JSON fields) and so do the man pages
//! (`generate.rs`), so the two cannot disagree. Nothing here parses, prints or decides.

use clap::Command;

/// What `--help` and the man page say about one command beyond its flags.
pub struct CommandDoc {
    /// The command's words after `mfactl` (`"user add"`); `""` is `mfactl` itself.
    pub path: &'static str,
    /// The JSON a script may read, one shape a line (`when: {fields}`).
    pub json: &'static [&'static str],
    /// Two or three examples: (what it does, the command line as typed in a shell).
    pub examples: &'static [(&'static str, &'static str)],
}

/// The exit status of every command: SPEC §3 (4 also for a confirmation answered no).
pub const EXIT_STATUS: &[(u8, &str)] = &[
    (0, "success"),
    (
        1,
        "failure of the tool or its environment (store unreadable, mail server down, audit log altered)",
    ),
    (2, "usage: unknown flag, invalid value"),
    (3, "authentication failed: wrong password or code"),
    (
        4,
        "input required but not given (no terminal, or --no-input), or a confirmation answered no",
    ),
    (5, "locked out or rate limited"),
    (6, "refused by policy (e.g. deactivation while enforced)"),
    (7, "not found"),
    (
        8,
        "conflict (already exists, already enrolled, the store changed since the plan of policy apply --plan-id)",
    ),
    (9, "changes pending (policy plan --exit-code only)"),
];

/// Every environment variable mfactl reads (`crate::env`), and what it does.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        crate::env::STORE,
        "The store: an SQLite file's path, or a PostgreSQL URL (postgres://USER@HOST:PORT/DB?sslmode=verify-full), as --store (which wins when both are given).",
    ),
    (
        crate::env::KEY_FILE,
        "Path of the encryption key file; default: beside the store, STORE.key (mfactl.db.key). Required with a PostgreSQL store: the same file on every admin's machine.",
    ),
    (
        crate::env::PGPASSWORD,
        "The password of a PostgreSQL store whose URL has none (as libpq reads it).",
    ),
    (
        crate::env::PGPASSFILE,
        "The password file read when neither the URL nor PGPASSWORD gives a password; default ~/.pgpass (libpq's format; ignored unless only its owner can read it).",
    ),
    (
        crate::env::TENANT,
        "The tenant of commands that name a user, company, role or group, as --tenant.",
    ),
    (
        crate::env::ACTOR,
        "Who is acting, recorded in the audit log, as --actor; default: the OS user ($USER, $LOGNAME or the passwd entry).",
    ),
    (
        crate::env::MAIL_TIMEOUT,
        "The longest one message may take to send, in seconds: 1 to 600; default 60.",
    ),
    (
        crate::env::NO_COLOR,
        "Set to anything but empty: no colours; QR codes are drawn in the terminal's own colours.",
    ),
    (
        "COLORFGBG",
        "\"fg;bg\" as rxvt and Konsole set it: a light background (7 or 15) turns QR codes drawn without colour the right way round.",
    ),
    (
        crate::env::COLUMNS,
        "The terminal's width; a QR code is drawn only when it fits (otherwise the terminal is asked).",
    ),
    (
        "HOME, XDG_DATA_HOME",
        "Where the data directory is: $XDG_DATA_HOME/mfactl, by default ~/.local/share/mfactl (on macOS ~/Library/Application Support/mfactl).",
    ),
    (
        "COMPLETE, _CLAP_COMPLETE_INDEX",
        "Set by the shell's completion function (registered with `source <(COMPLETE=bash mfactl)`): the run prints the candidates for the word being completed instead of running a command.",
    ),
    (
        crate::env::BLESS,
        "Only for mfactl's own test suite: 1 rewrites the generated man pages and completions.",
    ),
];

/// The files mfactl reads and writes.
pub const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/mfactl/mfactl.db",
        "The default store (in $XDG_DATA_HOME/mfactl when set), created mode 0600 in a 0700 directory; --store or MFACTL_STORE name another. \
SQLite keeps mfactl.db-wal and mfactl.db-shm beside it while it is open. `mfactl store info` shows the store in use.",
    ),
    (
        "~/.local/share/mfactl/mfactl.db.key",
        "The key file beside the store (STORE.key; MFACTL_KEY_FILE names another): it encrypts the secrets and keys the audit chain. \
It must be a regular file of mode 0600; anything readable by others is refused. Back it up with the store, and apart from it: \
without the key the store's secrets cannot be read.",
    ),
    (
        "~/.local/share/mfactl/mfactl.db.key.old",
        "The key that `mfactl store rekey` replaced, kept beside the key file (mode 0600) until you remove it: a backup made before \
the rekey opens only with it. While a rekey runs, the new key is written as mfactl.db.key.new first; the next command finishes \
a switch that a crash interrupted.",
    ),
    (
        "~/.local/share/mfactl/outbox/",
        "Mail written as .eml files (0600, the folder 0700) when no mail server is set (`mfactl mail set`).",
    ),
    (
        "~/.local/share/mfactl/devices/",
        "Device tokens saved by `mfactl login --remember` on this machine, one folder per store key and one file per user.",
    ),
    (
        "~/.local/share/mfactl/witness/",
        "How far this machine saw each store's audit log, so a log cut short is noticed.",
    ),
];

/// The conventions of every command's JSON (the root page and `--help`).
const JSON_CONVENTIONS: &[&str] = &[
    "With --json every command prints one JSON object on stdout, or one array for a list; keys are snake_case and stable \
(fields may be added, never renamed); times are RFC 3339 in UTC.",
    "Errors go to stderr as {\"error\": {\"kind\", \"message\", \"hint\", \"exit_code\"}}; a run that stops for input (exit 4) \
may print on stdout what a script needs to finish it.",
];

const USER: &str = "{\"email\", \"tenant\", \"company\", \"kind\" (local|sso), \"has_password\", \"created_at\", \
\"roles\": [{\"name\", \"requires_2fa\", \"via_group\"}], \"groups\", \"mfa\": {\"enrolled\", \"enrolled_at\", \
\"authenticator\": {\"algorithm\" (SHA1|SHA256|SHA512), \"digits\", \"period\"} (while enrolled; other than SHA1, 6, 30 \
only when imported), \"pending_enrolment\", \"pending_expires_at\", \"recovery_codes_left\", \"required\", \"required_by\": [{\"source\" \
(user|tenant|company|role), \"name\", \"via_group\"}], \"next_sign_in\" (nothing|verify|enrol|enrol_or_skip), \"methods\", \
\"grace_ends_at\", \"may_deactivate\", \"deactivation_refused\", \"failed_attempts\", \"locked_until\", \"devices\", \
\"reset_at\" (when support reset the factors, until the next enrolment), \"enrolment_proof\" (what the next sign-in must \
give before an enrolment secret is shown: [\"pass\"], [\"pass\", \"email\"], or [] when the password is enough), \
\"pending_proved_by\" (pass|email: the pending enrolment was opened by that proof), \"access_pass_expires_at\" (while \
an access pass is valid)}}";

const TENANT: &str = "{\"name\", \"created_at\", \"auth\": {\"enabled\", \"primary\", \"secondary\", \"grace_period\", \
\"grace_period_seconds\", \"members_may_deactivate\", \"remember_device_days\"}, \"companies\", \"users\", \"roles\", \
\"groups\", \"email_to_outbox\" (the tenant offers email and no mail server is set: its codes go to the outbox of \
whoever runs login), \"warnings\": [...]}";

const COMPANY: &str = "{\"slug\", \"tenant\", \"enforce_mfa\", \"created_at\", \"users\"}";

const ROLE: &str = "{\"name\", \"tenant\", \"requires_2fa\", \"users\"}";

const CODE_SENT: &str = "A code sent by email, without --code and without a terminal (exit 4): {\"email\", \"tenant\", \"code_sent_to\", \"expires_at\", \"delivered\" (smtp|outbox), \
\"outbox_file\", \"next\": \"code\"}";

const MAIL: &str = "{\"server\" (URL without password, or null), \"security\" (tls|starttls|starttls_if_offered|none), \
\"username\", \"password_set\", \"from\", \"ca_file_set\", \"outbox\" (when no server is set)}";

const SEE_COMMANDS: &[&str] = &["See the page of each command."];

/// Every command's JSON fields and examples.
pub const COMMANDS: &[CommandDoc] = &[
    CommandDoc {
        path: "",
        json: JSON_CONVENTIONS,
        examples: &[
            (
                "Turn 2FA on for tenant acme, with a two-week grace period",
                "mfactl tenant set-auth acme --enable --grace-period 14d",
            ),
            (
                "Who in company sales still has to enrol",
                "mfactl user list --tenant acme --company sales --mfa missing",
            ),
            (
                "Use another store for one command",
                "mfactl --store ./team.db store info --json",
            ),
        ],
    },
    // tenant
    CommandDoc {
        path: "tenant",
        json: SEE_COMMANDS,
        examples: &[
            ("Create a tenant", "mfactl tenant create acme"),
            (
                "Require 2FA of all its members",
                "mfactl tenant set-auth acme --enable",
            ),
            ("List tenants", "mfactl tenant list"),
        ],
    },
    CommandDoc {
        path: "tenant create",
        json: &["As `tenant show`: {\"name\", \"created_at\", \"auth\": {...}, ...}"],
        examples: &[
            ("Create a tenant", "mfactl tenant create acme"),
            (
                "Create one and read its settings in a script",
                "mfactl tenant create globex --json",
            ),
        ],
    },
    CommandDoc {
        path: "tenant list",
        json: &["An array of tenants as `tenant show` prints them"],
        examples: &[
            ("List tenants and their 2FA settings", "mfactl tenant list"),
            (
                "Names of the tenants with 2FA on",
                "mfactl tenant list --json | jq -r '.[] | select(.auth.enabled) | .name'",
            ),
        ],
    },
    CommandDoc {
        path: "tenant show",
        json: &[TENANT],
        examples: &[
            ("Show a tenant", "mfactl tenant show acme"),
            (
                "Its grace period in seconds",
                "mfactl tenant show acme --json | jq .auth.grace_period_seconds",
            ),
        ],
    },
    CommandDoc {
        path: "tenant delete",
        json: &["{\"deleted\", \"companies\", \"users\"}"],
        examples: &[
            (
                "Delete a tenant, asking first",
                "mfactl tenant delete globex",
            ),
            (
                "Delete it from a script",
                "mfactl tenant delete globex --yes",
            ),
        ],
    },
    CommandDoc {
        path: "tenant set-auth",
        json: &[
            "As `tenant show`, with \"dry_run\" and \"changed\"",
            "With --dry-run: the settings it would result in, \"dry_run\": true, \"changed\": false (nothing is written), \
\"would_change\", and \"must_enrol\": [{\"email\", \"created_at\", \"already_required\", \"grace_ends_at\"}]",
        ],
        examples: &[
            (
                "Turn 2FA on with a two-week grace period",
                "mfactl tenant set-auth acme --enable --grace-period 14d",
            ),
            (
                "See who would have to enrol, changing nothing",
                "mfactl tenant set-auth acme --enable --dry-run",
            ),
            (
                "Authenticator app first, email codes as the fallback",
                "mfactl tenant set-auth acme --primary totp --secondary email",
            ),
        ],
    },
    // company
    CommandDoc {
        path: "company",
        json: SEE_COMMANDS,
        examples: &[
            (
                "Create a company",
                "mfactl company create sales --tenant acme",
            ),
            (
                "Enforce MFA for it",
                "mfactl company enforce-mfa sales --tenant acme",
            ),
        ],
    },
    CommandDoc {
        path: "company create",
        json: &[COMPANY],
        examples: &[
            (
                "Create a company",
                "mfactl company create sales --tenant acme",
            ),
            (
                "Create one with MFA enforced from the start",
                "mfactl company create finance --tenant acme --enforce-mfa",
            ),
        ],
    },
    CommandDoc {
        path: "company list",
        json: &["An array of {\"slug\", \"tenant\", \"enforce_mfa\", \"created_at\", \"users\"}"],
        examples: &[
            (
                "List the companies of a tenant",
                "mfactl company list --tenant acme",
            ),
            (
                "The companies without enforced MFA",
                "mfactl company list --json | jq -r '.[] | select(.enforce_mfa | not) | .slug'",
            ),
        ],
    },
    CommandDoc {
        path: "company show",
        json: &[COMPANY],
        examples: &[
            ("Show a company", "mfactl company show sales --tenant acme"),
            (
                "In a script",
                "mfactl company show sales --tenant acme --json",
            ),
        ],
    },
    CommandDoc {
        path: "company delete",
        json: &["{\"deleted\", \"tenant\", \"users\"}"],
        examples: &[
            (
                "Delete a company and its users, asking first",
                "mfactl company delete sales --tenant acme",
            ),
            (
                "From a script",
                "mfactl company delete sales --tenant acme --yes",
            ),
        ],
    },
    CommandDoc {
        path: "company enforce-mfa",
        json: &[
            "{\"slug\", \"tenant\", \"enforce_mfa\", \"created_at\", \"users\", \"dry_run\", \"changed\" (false on a dry run), \
\"would_change\" (dry run only), \"must_enrol\": [{\"email\", \"created_at\", \"already_required\", \"grace_ends_at\"}], \
\"lifted_2fa_requirement\", \"lifted\": [{\"company\", \"emails\"}] (with --off: who no longer needs 2FA from it)}",
        ],
        examples: &[
            (
                "See who would have to enrol, changing nothing",
                "mfactl company enforce-mfa sales --tenant acme --dry-run",
            ),
            (
                "Enforce MFA for the company's local users",
                "mfactl company enforce-mfa sales --tenant acme",
            ),
            (
                "Lift it again, from a script",
                "mfactl company enforce-mfa sales --tenant acme --off --yes",
            ),
        ],
    },
    // user
    CommandDoc {
        path: "user",
        json: SEE_COMMANDS,
        examples: &[
            (
                "Add a user with a generated password",
                "mfactl user add alice@example.com --company sales --generate-password",
            ),
            (
                "Show a user's 2FA status",
                "mfactl user show alice@example.com",
            ),
            (
                "Reset a lost phone's 2FA once a code emailed is read back (asked)",
                "mfactl user reset-mfa alice@example.com --reason 4521 --verify-email --yes",
            ),
        ],
    },
    CommandDoc {
        path: "user add",
        json: &[
            "As `user show`, with \"password\" (printed once) when --generate-password made one",
        ],
        examples: &[
            (
                "Add a user of company sales with a generated password",
                "mfactl user add alice@example.com --company sales --generate-password",
            ),
            (
                "The password from a variable: never in the process list",
                "echo \"$PW\" | mfactl user add bob@example.com --company sales --password-stdin",
            ),
            (
                "A user who signs in through SSO",
                "mfactl user add carol@example.com --tenant acme --sso",
            ),
        ],
    },
    CommandDoc {
        path: "user list",
        json: &["An array of users as `user show` prints them"],
        examples: &[
            (
                "Who in company sales still has to enrol",
                "mfactl user list --tenant acme --company sales --mfa missing",
            ),
            (
                "Find a user by part of their email, locked or not",
                "mfactl user list --match alice",
            ),
            (
                "The emails of the holders of a role",
                "mfactl user list --role admin --json | jq -r '.[].email'",
            ),
        ],
    },
    CommandDoc {
        path: "user show",
        json: &[USER],
        examples: &[
            (
                "Show enrolment, every source requiring 2FA, lock and devices",
                "mfactl user show alice@example.com --tenant acme",
            ),
            (
                "Why 2FA is required of the user",
                "mfactl user show alice@example.com --json | jq '.mfa.required_by'",
            ),
        ],
    },
    CommandDoc {
        path: "user import",
        json: &[
            "{\"tenant\" (null when the tenant column named several), \"tenants\", \"file\", \"dry_run\", \"rows\", \
\"imported\" (0 on a dry run), \"would_import\", \"local\", \"sso\", \"role_grants\", \"password_hashes\", \
\"authenticators\", \"created\": {\"tenants\", \"companies\", \"roles\"} (with --create-missing)}",
            "--format otpauth: {\"tenant\", \"file\", \"dry_run\", \"entries\", \"imported\", \"would_import\", \"users\"}",
            "When rows are bad: the same object with \"imported\": 0 and \"errors\": [{\"line\", \"message\"}] on stdout, \
and the error on stderr",
        ],
        examples: &[
            (
                "Check a file, writing nothing",
                "mfactl user import staff.csv --tenant acme --dry-run",
            ),
            (
                "Users of many tenants, with hashes and authenticators",
                "mfactl user import users.csv --create-missing",
            ),
            (
                "Authenticators from an app's export, for existing users",
                "mfactl user import export.txt --format otpauth --tenant acme",
            ),
        ],
    },
    CommandDoc {
        path: "user export",
        json: &[
            "With --out: {\"out\", \"users\", \"with_secrets\", \"password_hashes\", \"authenticators\"}",
            "Without --out the CSV itself is the output: tenant,email,company,roles,sso (and with --with-secrets \
password_hash,totp_secret,totp_algorithm,totp_digits,totp_period)",
        ],
        examples: &[
            (
                "The users of a tenant, as the import reads them",
                "mfactl user export --tenant acme > acme-users.csv",
            ),
            (
                "With passwords and authenticators, to a new file (0600)",
                "mfactl user export --with-secrets --out users.csv --yes",
            ),
            (
                "One company's users",
                "mfactl user export --company sales --tenant acme --out sales.csv",
            ),
        ],
    },
    CommandDoc {
        path: "user set-password",
        json: &["{\"email\", \"tenant\", \"devices_revoked\"}"],
        examples: &[
            (
                "Ask for the new password at a prompt",
                "mfactl user set-password alice@example.com --tenant acme",
            ),
            (
                "From a script",
                "echo \"$PW\" | mfactl user set-password alice@example.com --password-stdin",
            ),
        ],
    },
    CommandDoc {
        path: "user activate-2fa",
        json: &[
            "Without --code: {\"email\", \"tenant\", \"issuer\", \"secret\", \"otpauth_uri\", \"expires_at\"}",
            "With --code: {\"email\", \"tenant\", \"enrolled_at\", \"recovery_codes\": [...]}",
        ],
        examples: &[
            (
                "Enrol on a terminal: QR code, code, recovery codes",
                "mfactl user activate-2fa alice@example.com --tenant acme",
            ),
            (
                "Scripted: print the pending secret",
                "mfactl user activate-2fa alice@example.com --json",
            ),
            (
                "Then finish with a code of the app",
                "mfactl user activate-2fa alice@example.com --code 123456 --json",
            ),
        ],
    },
    CommandDoc {
        path: "user deactivate-2fa",
        json: &[
            "{\"email\", \"tenant\", \"enrolled\": false, \"proof\" (totp|recovery|email)}",
            CODE_SENT,
        ],
        examples: &[
            (
                "Prove it with a code of the app",
                "mfactl user deactivate-2fa alice@example.com --code 123456",
            ),
            (
                "Without the app: send a code by email (exit 4 until --code gives it)",
                "mfactl user deactivate-2fa alice@example.com --method email",
            ),
            (
                "Then read it back",
                "mfactl user deactivate-2fa alice@example.com --method email --code 654321",
            ),
        ],
    },
    CommandDoc {
        path: "user reset-mfa",
        json: &[
            "{\"email\", \"tenant\", \"reason\", \"had_totp\", \"recovery_codes_removed\", \"devices_revoked\", \
\"verified_by_email\"}; with --access-pass also \"access_pass\" (shown once) and \"expires_at\"",
            CODE_SENT,
        ],
        examples: &[
            (
                "Reset, and issue an access pass to read to the user you checked",
                "mfactl user reset-mfa alice@example.com --reason 4521 --access-pass --yes",
            ),
            (
                "Reset once the caller reads back a code sent to their mailbox (asked here)",
                "mfactl user reset-mfa alice@example.com --reason 4521 --verify-email --yes",
            ),
            (
                "No terminal: send the code (exit 4), then run again adding --code CODE",
                "mfactl user reset-mfa bob@example.com --reason 4521 --verify-email --json",
            ),
        ],
    },
    CommandDoc {
        path: "user access-pass",
        json: &[
            "{\"email\", \"tenant\", \"access_pass\" (shown once, in groups of four), \"expires_at\", \"reason\", \
\"has_password\"}",
        ],
        examples: &[
            (
                "A pass for one sign-in that enrols a new phone, valid for an hour",
                "mfactl user access-pass alice@example.com --reason \"lost phone\" --yes",
            ),
            (
                "Valid for 30 minutes, from a script",
                "mfactl user access-pass bob@example.com --reason 4521 --valid 30m --yes --json",
            ),
            (
                "The user signs in with it, asked for it and a new app's code",
                "mfactl login alice@example.com --method pass",
            ),
        ],
    },
    CommandDoc {
        path: "user unlock",
        json: &[
            "{\"email\", \"tenant\", \"was_locked\", \"locked\": false, \"codes_ahead_of_clock_dropped\"}",
        ],
        examples: &[
            (
                "Clear a lock",
                "mfactl user unlock alice@example.com --tenant acme",
            ),
            (
                "Was the user locked?",
                "mfactl user unlock alice@example.com --json | jq .was_locked",
            ),
        ],
    },
    CommandDoc {
        path: "user devices",
        json: &[
            "An array of {\"id\", \"created_at\", \"expires_at\" (by the tenant's lifetime now), \"last_used_at\", \
\"factor\" (the second factor it was remembered after)}",
            "With --revoke or --revoke-all: {\"email\", \"tenant\", \"revoked\"}",
        ],
        examples: &[
            (
                "List remembered devices",
                "mfactl user devices alice@example.com",
            ),
            (
                "Revoke one",
                "mfactl user devices alice@example.com --revoke 3f9a2c1d",
            ),
            (
                "Revoke them all",
                "mfactl user devices alice@example.com --revoke-all",
            ),
        ],
    },
    CommandDoc {
        path: "user recovery-codes",
        json: &[
            "{\"email\", \"tenant\", \"recovery_codes_left\"}",
            "With --regenerate: {\"email\", \"tenant\", \"recovery_codes\": [...]}",
        ],
        examples: &[
            (
                "How many are left",
                "mfactl user recovery-codes alice@example.com",
            ),
            (
                "Make ten new ones (the old ones stop working)",
                "mfactl user recovery-codes alice@example.com --regenerate",
            ),
        ],
    },
    CommandDoc {
        path: "user delete",
        json: &[
            "{\"deleted\", \"tenant\", \"enrolled\", \"recovery_codes\", \"devices\", \"roles\", \"groups\"}",
        ],
        examples: &[
            (
                "Delete a user, asking first",
                "mfactl user delete bob@example.com --tenant acme",
            ),
            (
                "From a script",
                "mfactl user delete bob@example.com --tenant acme --yes",
            ),
        ],
    },
    // role
    CommandDoc {
        path: "role",
        json: SEE_COMMANDS,
        examples: &[
            ("Create a role", "mfactl role create admin --tenant acme"),
            (
                "Require 2FA of its holders",
                "mfactl role require-2fa admin",
            ),
            (
                "Give it to a user",
                "mfactl role assign admin alice@example.com",
            ),
        ],
    },
    CommandDoc {
        path: "role create",
        json: &[ROLE],
        examples: &[
            ("Create a role", "mfactl role create admin --tenant acme"),
            (
                "Another one",
                "mfactl role create support --tenant acme --json",
            ),
        ],
    },
    CommandDoc {
        path: "role list",
        json: &["An array of {\"name\", \"tenant\", \"requires_2fa\", \"users\"}"],
        examples: &[
            ("List roles", "mfactl role list --tenant acme"),
            (
                "The roles requiring 2FA",
                "mfactl role list --json | jq -r '.[] | select(.requires_2fa) | .name'",
            ),
        ],
    },
    CommandDoc {
        path: "role show",
        json: &[
            "{\"name\", \"tenant\", \"requires_2fa\", \"users\", \"groups\": [names], \"holders\": [{\"email\", \"via_group\"}]}; \
a user holding the role in several ways is listed once for each (\"via_group\": null when held directly)",
        ],
        examples: &[
            (
                "Who holds a role, and how",
                "mfactl role show admin --tenant acme",
            ),
            ("In a script", "mfactl role show admin --json"),
        ],
    },
    CommandDoc {
        path: "role delete",
        json: &[
            "{\"deleted\", \"tenant\", \"users\", \"lifted_2fa_requirement\" (true when someone no longer needs 2FA from a role), \"lifted\": [{\"role\", \"emails\"}]}",
        ],
        examples: &[
            ("Delete a role, asking first", "mfactl role delete support"),
            (
                "From a script",
                "mfactl role delete support --tenant acme --yes",
            ),
        ],
    },
    CommandDoc {
        path: "role require-2fa",
        json: &[
            "{\"name\", \"tenant\", \"requires_2fa\", \"users\", \"dry_run\", \"changed\", \"lifted_2fa_requirement\", \
\"lifted\": [{\"role\", \"emails\"}] (with --off: who no longer needs 2FA from the role)}",
            "With --dry-run: \"changed\": false (nothing is written), \"would_change\", and \"must_enrol\": [{\"email\", \
\"created_at\", \"already_required\", \"grace_ends_at\"}]",
        ],
        examples: &[
            (
                "See who would have to enrol, changing nothing",
                "mfactl role require-2fa admin --tenant acme --dry-run",
            ),
            (
                "Require 2FA of every holder",
                "mfactl role require-2fa admin",
            ),
            (
                "Stop, from a script",
                "mfactl role require-2fa admin --off --yes",
            ),
        ],
    },
    CommandDoc {
        path: "role assign",
        json: &["{\"role\", \"email\", \"tenant\", \"requires_2fa\"}"],
        examples: &[
            (
                "Give a role to a user",
                "mfactl role assign admin alice@example.com --tenant acme",
            ),
            (
                "In a script",
                "mfactl role assign admin bob@example.com --json",
            ),
        ],
    },
    CommandDoc {
        path: "role unassign",
        json: &[
            "{\"role\", \"email\", \"tenant\", \"requires_2fa\", \"lifted_2fa_requirement\" (true when someone no longer needs 2FA from a role), \"lifted\": [{\"role\", \"emails\"}]}",
        ],
        examples: &[
            (
                "Take a directly held role (asks first if that lifts a 2FA requirement)",
                "mfactl role unassign admin alice@example.com --tenant acme",
            ),
            (
                "In a script: who no longer needs 2FA from it",
                "mfactl role unassign admin bob@example.com --yes --json | jq .lifted",
            ),
        ],
    },
    // group
    CommandDoc {
        path: "group",
        json: SEE_COMMANDS,
        examples: &[
            ("Create a group", "mfactl group create ops --tenant acme"),
            ("Grant it a role", "mfactl group grant-role ops admin"),
            (
                "Add a member",
                "mfactl group add-member ops alice@example.com",
            ),
        ],
    },
    CommandDoc {
        path: "group create",
        json: &["{\"name\", \"tenant\"}"],
        examples: &[
            ("Create a group", "mfactl group create ops --tenant acme"),
            (
                "Another one",
                "mfactl group create helpdesk --tenant acme --json",
            ),
        ],
    },
    CommandDoc {
        path: "group list",
        json: &["An array of {\"name\", \"tenant\", \"members\", \"roles\": [names]}"],
        examples: &[
            ("List groups", "mfactl group list --tenant acme"),
            ("In a script", "mfactl group list --json"),
        ],
    },
    CommandDoc {
        path: "group show",
        json: &[
            "{\"name\", \"tenant\", \"roles\": [{\"name\", \"requires_2fa\"}], \"members\": [{\"email\"}]}",
        ],
        examples: &[
            (
                "A group's roles and members",
                "mfactl group show ops --tenant acme",
            ),
            (
                "Its members' emails",
                "mfactl group show ops --json | jq -r '.members[].email'",
            ),
        ],
    },
    CommandDoc {
        path: "group delete",
        json: &[
            "{\"deleted\", \"tenant\", \"members\", \"roles\", \"lifted_2fa_requirement\" (true when someone no longer needs 2FA from a role), \"lifted\": [{\"role\", \"emails\"}]}",
        ],
        examples: &[
            (
                "Delete a group, asking first",
                "mfactl group delete helpdesk",
            ),
            (
                "From a script",
                "mfactl group delete helpdesk --tenant acme --yes",
            ),
        ],
    },
    CommandDoc {
        path: "group add-member",
        json: &["{\"group\", \"email\", \"tenant\"}"],
        examples: &[
            (
                "Add a user to a group",
                "mfactl group add-member ops alice@example.com --tenant acme",
            ),
            ("Another", "mfactl group add-member ops bob@example.com"),
        ],
    },
    CommandDoc {
        path: "group remove-member",
        json: &[
            "{\"group\", \"email\", \"tenant\", \"lifted_2fa_requirement\" (true when someone no longer needs 2FA from a role), \"lifted\": [{\"role\", \"emails\"}]}",
        ],
        examples: &[
            (
                "Remove a user from a group",
                "mfactl group remove-member ops bob@example.com --tenant acme",
            ),
            (
                "In a script, where --yes confirms lifting a 2FA requirement",
                "mfactl group remove-member ops alice@example.com --yes --json",
            ),
        ],
    },
    CommandDoc {
        path: "group grant-role",
        json: &["{\"group\", \"role\", \"tenant\", \"requires_2fa\"}"],
        examples: &[
            (
                "Every member of ops holds admin",
                "mfactl group grant-role ops admin --tenant acme",
            ),
            ("In a script", "mfactl group grant-role ops support --json"),
        ],
    },
    CommandDoc {
        path: "group revoke-role",
        json: &[
            "{\"group\", \"role\", \"tenant\", \"requires_2fa\", \"lifted_2fa_requirement\" (true when someone no longer needs 2FA from a role), \"lifted\": [{\"role\", \"emails\"}]}",
        ],
        examples: &[
            (
                "Take a role from a group (asks first if that lifts a 2FA requirement)",
                "mfactl group revoke-role ops admin --tenant acme",
            ),
            (
                "In a script: who no longer needs 2FA from it",
                "mfactl group revoke-role ops support --yes --json | jq '.lifted'",
            ),
        ],
    },
    // mail
    CommandDoc {
        path: "policy",
        json: SEE_COMMANDS,
        examples: &[
            (
                "Write every tenant's policy to a file",
                "mfactl policy export --out policy.toml",
            ),
            (
                "Review what applying the edited file changes",
                "mfactl policy plan policy.toml",
            ),
            (
                "Apply the plan that was reviewed",
                "mfactl policy apply policy.toml --plan-id 3f2a9c41d07be55e19a8c0d4",
            ),
        ],
    },
    CommandDoc {
        path: "policy export",
        json: &[
            "With --out: {\"file\", \"tenants\", \"sha256\", \"bytes\"}",
            "Without: {\"file\": null, \"tenants\", \"sha256\", \"policy\" (the file's text)}",
        ],
        examples: &[
            (
                "Every tenant, to a new file",
                "mfactl policy export --out policy.toml",
            ),
            (
                "One tenant, on standard output",
                "mfactl policy export --tenant acme",
            ),
        ],
    },
    CommandDoc {
        path: "policy plan",
        json: &[
            "{\"plan_id\", \"changes\": [{\"op\" (+|~|-), \"kind\" (tenant|company|role|group), \"tenant\", \"name\", \
\"field\" (null for a whole object), \"before\", \"after\" (a value; for a whole object its settings: \
{\"enforce_mfa\"} of a company, {\"require_2fa\"} of a role, {\"roles\", \"members\" (how many)} of a group removed), \
\"weakens\", \"must_enrol\", \"refused\" (why apply refuses it, when it does)}], \"must_enrol\", \"file\", \"sha256\", \"prune\", \"counts\": {\"add\", \"change\", \
\"remove\", \"weakens\", \"refused\"}, \"rehearsed\"}",
            "A file with mistakes: exit 2 and {\"file\", \"problems\": [{\"file\", \"line\", \"column\", \"message\", \
\"expected\"}]} on stdout",
        ],
        examples: &[
            (
                "What applying the file would change",
                "mfactl policy plan policy.toml",
            ),
            (
                "In CI: exit 9 when there are changes",
                "mfactl policy plan policy.toml --exit-code --json > plan.json",
            ),
            (
                "Also remove what the file does not name",
                "mfactl policy plan policy.toml --prune",
            ),
        ],
    },
    CommandDoc {
        path: "policy apply",
        json: &["As `policy plan`, with \"applied\" (false when there was nothing to change)"],
        examples: &[
            (
                "Apply the plan that was reviewed, or nothing",
                "mfactl policy apply policy.toml --plan-id 3f2a9c41d07be55e19a8c0d4",
            ),
            (
                "From a pipeline",
                "mfactl policy apply policy.toml --yes --reason 'MR !42'",
            ),
        ],
    },
    CommandDoc {
        path: "policy schema",
        json: &["The JSON Schema itself (draft 2020-12)"],
        examples: &[
            (
                "Save it for an editor",
                "mfactl policy schema > policy.schema.json",
            ),
            (
                "Its tenants' keys",
                "mfactl policy schema | jq '.properties.tenants'",
            ),
        ],
    },
    CommandDoc {
        path: "mail",
        json: SEE_COMMANDS,
        examples: &[
            (
                "Send through a mail server (STARTTLS)",
                "mfactl mail set --smtp-url smtp://mx.example.com:587 --from it@example.com",
            ),
            ("Check it", "mfactl mail test alice@example.com"),
        ],
    },
    CommandDoc {
        path: "mail set",
        json: &[MAIL],
        examples: &[
            (
                "STARTTLS, with a login whose password is piped in on standard input",
                "mfactl mail set --smtp-url smtp://it@mx:587 --from it@x.com --password-stdin",
            ),
            (
                "TLS from the start, with a private CA",
                "mfactl mail set --smtp-url smtps://mx:465 --from it@acme.com --ca-file ca.pem",
            ),
        ],
    },
    CommandDoc {
        path: "mail show",
        json: &[MAIL],
        examples: &[
            ("Show the server, or the outbox", "mfactl mail show"),
            (
                "Where the outbox is",
                "mfactl mail show --json | jq -r .outbox",
            ),
        ],
    },
    CommandDoc {
        path: "mail test",
        json: &[
            "{\"to\", \"delivered\" (smtp|outbox), \"answer\" (the server's), \"outbox_file\"}",
        ],
        examples: &[
            ("Send a test message", "mfactl mail test alice@example.com"),
            (
                "See the server's answer",
                "mfactl mail test alice@example.com --json | jq -r .answer",
            ),
        ],
    },
    // store
    CommandDoc {
        path: "store",
        json: SEE_COMMANDS,
        examples: &[
            ("Which store and key file are in use", "mfactl store info"),
            ("Is everything in it intact?", "mfactl store check"),
            (
                "A checked copy of the live store",
                "mfactl store backup /backups/mfactl.db",
            ),
        ],
    },
    CommandDoc {
        path: "store info",
        json: &[
            "{\"backend\": \"sqlite\", \"store\", \"key_file\", \"key_id\", \"store_id\", \"read_only\", \"size_bytes\", \
\"schema_version\", \"schema_latest\", \"tenants\", \"companies\", \"users\", \"local_users\", \"sso_users\", \"enrolled\", \
\"roles\", \"groups\", \"audit_entries\"}",
            "on PostgreSQL, \"backend\": \"postgresql\", \"store\" is the URL without its password, \"size_bytes\" the database's, and \
\"server\": {\"endpoint\", \"database\", \"user\", \"version\", \"tls\" (null in plain text), \"sslmode\", \"certificate_checked\"}",
        ],
        examples: &[
            ("Which store and key file are in use", "mfactl store info"),
            (
                "Another store, in a script",
                "MFACTL_STORE=/srv/mfactl/team.db mfactl store info --json",
            ),
            (
                "A team's PostgreSQL store",
                "MFACTL_KEY_FILE=team.key mfactl --store postgres://admin@db/mfactl store info",
            ),
        ],
    },
    CommandDoc {
        path: "store copy",
        json: &[
            "{\"from\", \"to\" (URLs without their password), \"tables\": {\"meta\", \"tenants\", \"companies\", \"users\", \
\"recovery_codes\", \"devices\", \"roles\", \"user_roles\", \"groups\", \"group_members\", \"group_roles\", \"totp_steps\", \
\"mail_server\", \"email_codes\", \"audit_log\": rows copied}, \"rows\" (all tables), \"audit_verified\" (entries of the \
copy's chain checked before it was committed)}",
        ],
        examples: &[
            (
                "Move a store to a team's PostgreSQL database (made with createdb)",
                "mfactl store copy --to postgres://admin@db.example.com/mfactl",
            ),
            (
                "And back to a file (the same key: MFACTL_KEY_FILE)",
                "mfactl --store postgres://admin@db/mfactl store copy --to team.db",
            ),
            (
                "A copy of a file, its key copied beside it",
                "mfactl store copy --to /mnt/spare/mfactl.db --json",
            ),
        ],
    },
    CommandDoc {
        path: "store check",
        json: &[
            "{\"ok\", \"store\", \"checks\": [{\"name\" (database|schema|key file|secrets|mail server|audit log|expired), \"ok\", \
\"detail\"}], \"failures\" (one sentence per failed check), \"schema_version\", \"secrets\": {\"decrypt\", \"fail\", \
\"totp_secrets\", \"pending_enrolments\", \"smtp_password\", \"earlier_keys\" (sealed by store rekey)}, \"audit_entries\", \
\"expired\": {\"pending_enrolments\", \"access_passes\"}}",
            "with a failure the same object is printed on stdout, the error on stderr, and the exit code is 1",
        ],
        examples: &[
            ("Check the store in use", "mfactl store check"),
            (
                "From cron, which mails what is printed: only failures",
                "mfactl store check > /dev/null",
            ),
            (
                "The failures, for a script",
                "mfactl store check --json | jq -r '.failures[]'",
            ),
        ],
    },
    CommandDoc {
        path: "store rekey",
        json: &[
            "{\"store\", \"key_file\", \"old_key_file\" (KEY.old), \"key_id\", \"old_key_id\", \"secrets\": {\"totp_secrets\", \
\"pending_enrolments\", \"smtp_password\"} (re-encrypted), \"hashes_wrapped\": {\"recovery_codes\", \"devices\", \"email_codes\", \
\"access_passes\"}, \"audit_entries_under_old_key\", \"rekey_entry\" (seq of store.rekey), \"earlier_keys\"}",
        ],
        examples: &[
            ("A new key (asks first)", "mfactl store rekey"),
            ("In a script", "mfactl store rekey --yes --json"),
            (
                "Then check the store under its new key",
                "mfactl store check",
            ),
        ],
    },
    CommandDoc {
        path: "store backup",
        json: &[
            "{\"store\", \"backup\", \"size_bytes\", \"key_file\" (not copied), \"key_id\", \"key_copied\" (false), \"checked\", \
\"tenants\", \"users\", \"audit_entries\", \"secrets_decrypted\", \"open_with\" (the command that opens the backup)}",
        ],
        examples: &[
            (
                "A dated backup of the live store",
                "mfactl store backup \"/backups/mfactl-$(date -u +%F).db\"",
            ),
            (
                "A PostgreSQL store, as an SQLite file",
                "mfactl --store postgres://admin@db/mfactl store backup team.db",
            ),
            (
                "Open a backup with the store's key file",
                "MFACTL_KEY_FILE=team.key mfactl --store team.db store check",
            ),
        ],
    },
    CommandDoc {
        path: "report",
        json: &[
            "{\"at\" (when the report was taken), \"rows\": [{\"tenant\", \"company\" (null for the users without a \
company), \"users\", \"required\", \"enrolled\", \"missing\", \"in_grace\", \"grace_not_started\", \"earliest_grace_end\" \
(null when no grace period has started), \"locked\"}], \"totals\": {the same counts over every row}}",
        ],
        examples: &[
            ("Coverage of every company", "mfactl report"),
            (
                "Who is still missing 2FA in one company, for a script",
                "mfactl report --tenant acme --company sales --json",
            ),
            (
                "A spreadsheet of every company",
                "mfactl report --csv > coverage.csv",
            ),
        ],
    },
    // login, audit, completions
    CommandDoc {
        path: "login",
        json: &[
            "On success: {\"email\", \"tenant\", \"factor\" (password, totp, recovery, email, remembered_device or pass), \
\"skipped_enrolment\", \"grace_ends_at\", \"recovery_codes\" (after enrolment), \"recovery_codes_left\" (after a recovery \
code), \"device_token\", \"device_id\" and \
\"device_expires_at\" (with --remember)}",
            "A pending enrolment (exit 4): {\"email\", \"tenant\", \"issuer\", \"secret\", \"otpauth_uri\", \"expires_at\", \
\"next\": \"enrol\", \"may_skip\", \"grace_ends_at\", \"proved_by\" (pass|email, when a proof opened it)}",
            "A proof needed first, after a reset (exit 4): {\"email\", \"tenant\", \"next\": \"proof\", \"proofs\" \
([\"pass\"] or [\"pass\", \"email\"]), \"may_skip\", \"reset_at\"}",
            "An enrolment opened by a proof, to finish with --code (exit 4): {\"email\", \"tenant\", \"next\": \"enrol_code\", \
\"proved_by\", \"expires_at\"}",
            CODE_SENT,
        ],
        examples: &[
            (
                "Sign in on a terminal, answering the prompts",
                "mfactl login alice@example.com --tenant acme",
            ),
            (
                "Scripted: the password on stdin, a code of the app (or oathtool)",
                "echo \"$PW\" | mfactl login alice@example.com --password-stdin --code 123456",
            ),
            (
                "With the pass support read to you: asks for it, enrols a new phone",
                "mfactl login alice@example.com --method pass",
            ),
        ],
    },
    CommandDoc {
        path: "audit",
        json: &[
            "An array of {\"seq\", \"at\", \"actor\", \"action\", \"target\", \"reason\", \"details\"}",
        ],
        examples: &[
            (
                "What happened to a user this week",
                "mfactl audit --since 7d --target alice@example.com",
            ),
            (
                "Everything a support agent did, as JSON",
                "mfactl audit --actor support-bot --json | jq '.[].action'",
            ),
            ("Check that nothing was altered", "mfactl audit verify"),
        ],
    },
    CommandDoc {
        path: "audit verify",
        json: &["{\"ok\": true, \"entries\", \"legacy_entries\", \"keyed\"}"],
        examples: &[
            ("Check the audit log", "mfactl audit verify"),
            (
                "In a nightly job",
                "mfactl audit verify --quiet || echo 'audit log altered' >&2",
            ),
        ],
    },
    CommandDoc {
        path: "completions",
        json: &["{\"shell\", \"script\"}"],
        examples: &[
            (
                "Bash: write the script, then `source ~/.mfactl.bash` in ~/.bashrc",
                "mfactl completions bash > ~/.mfactl.bash",
            ),
            (
                "Zsh: with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc",
                "mkdir -p ~/.zfunc && mfactl completions zsh > ~/.zfunc/_mfactl",
            ),
            ("Fish, for this session", "mfactl completions fish | source"),
        ],
    },
];

/// The doc of the command at `path` (`"user add"`), if the table has one.
pub fn find(path: &str) -> Option<&'static CommandDoc> {
    COMMANDS.iter().find(|doc| doc.path == path)
}

/// The examples as `--help` shows them (and `-h`).
pub fn examples_help(doc: &CommandDoc) -> String {
    let mut text = String::from(GLOBALS_LINE);
    text.push_str("\n\nExamples:");
    for (what, line) in doc.examples {
        text.push_str(&format!("\n  # {what}\n  {line}"));
    }
    text
}

/// What `-h` says of the global options instead of listing them under every command.
const GLOBALS_LINE: &str =
    "Global options: --store PATH, --json, --actor NAME, --no-input, -q (see --help)";

/// What `--help` shows after the flags: the JSON fields, then the examples.
fn long_help(doc: &CommandDoc) -> String {
    let mut text = String::from("JSON output (--json):");
    for line in doc.json {
        text.push_str(&format!("\n  {line}"));
    }
    if doc.path.is_empty() {
        text.push_str("\n\nExit status:");
        for (code, meaning) in EXIT_STATUS {
            text.push_str(&format!("\n  {code}  {meaning}"));
        }
        text.push_str("\n\nEnvironment:");
        for (name, meaning) in ENVIRONMENT {
            text.push_str(&format!("\n  {name}\n      {meaning}"));
        }
        text.push_str("\n\nFiles:");
        for (name, meaning) in FILES {
            text.push_str(&format!("\n  {name}\n      {meaning}"));
        }
    }
    text.push_str("\n\nExamples:");
    for (what, line) in doc.examples {
        text.push_str(&format!("\n  # {what}\n  {line}"));
    }
    text
}

/// The command tree with every documented command's examples (`-h`) and JSON fields
/// and examples (`--help`) after its flags.
pub fn apply(command: Command) -> Command {
    apply_at(command, "")
}

fn apply_at(mut command: Command, path: &str) -> Command {
    if let Some(doc) = find(path) {
        command = command
            .after_help(examples_help(doc))
            .after_long_help(long_help(doc));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command = command.mut_subcommand(&name, |sub| apply_at(sub, &sub_path));
    }
    command
}
