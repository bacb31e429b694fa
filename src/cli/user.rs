//! `mfactl user …`

use clap::{Args, Subcommand};

use crate::cli::{TenantArg, TenantFilterArg, YesArg};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (local with a password here, or --sso)
    ///
    /// Without a password flag, a terminal is asked for one; with --no-input the local
    /// user has no password until `user set-password`.
    Add(UserAddArgs),
    /// List users and their 2FA status
    List(UserListArgs),
    /// Show a user: enrolment, every source that requires 2FA, lock, devices
    Show(UserEmailArgs),
    /// Add many users from a CSV file, or authenticators from otpauth lines: all or none
    ///
    /// The header row names the columns: email (required), tenant (then --tenant may be
    /// left out; with --tenant T, a row may name T only), company (a company slug), roles (role names separated by ';'), sso
    /// (true or false; empty means false), and from another system:
    /// password_hash (a PHC string of argon2id, argon2i, bcrypt $2a$/$2b$/$2y$, scrypt,
    /// pbkdf2-sha256 or pbkdf2-sha512, checked at sign-in as it is and replaced by
    /// argon2id at the user's first sign-in that passes), totp_secret (base32, at least
    /// 128 bits: the user's authenticator, enrolled with 2FA on and no recovery codes
    /// until they are regenerated), totp_algorithm (SHA1, SHA256 or SHA512), totp_digits
    /// (6 or 8) and totp_period (30 or 60), which default to SHA1, 6 and 30. A hash whose
    /// parameters would make a sign-in take more than about a second (a bcrypt cost
    /// above 14, more than 2,000,000 PBKDF2 iterations, an scrypt or argon2 of more than
    /// 256 MiB) is refused.
    ///
    /// Every bad row is reported by line number and then nothing is written: exit 2 for
    /// a malformed row, 7 for an unknown tenant, company or role, 8 for an email that is
    /// already a user or repeats an earlier line. --create-missing creates the tenants,
    /// companies and roles the file names that do not exist yet (each audited) instead
    /// of refusing them. Otherwise every row is added in one transaction, with one
    /// audit entry for the import per tenant. Imported local users without a
    /// password_hash have no password until `user set-password`.
    ///
    /// --format otpauth reads authenticators instead: one URI per line,
    /// otpauth://totp/ISSUER:EMAIL?secret=..., or the lines of an authenticator app's
    /// export, otpauth-migration://offline?data=... (one line per QR code; all of an
    /// export's QR codes must be there). The account of each entry is the email of an
    /// existing user of the tenant, whose authenticator it becomes (2FA on, no recovery
    /// codes). HOTP entries, unknown accounts and users who already have an
    /// authenticator are refused by line, and then nothing is written.
    ///
    /// FILE - reads standard input. A progress bar is shown on a terminal.
    ///
    /// Example file:
    ///   email,company,roles,sso
    ///   alice@example.com,sales,admin;support,false
    ///   bob@example.com,,,true
    #[command(verbatim_doc_comment)]
    Import(UserImportArgs),
    /// Write users as the import's CSV, with --with-secrets their passwords and authenticators
    ///
    /// The columns are tenant, email, company, roles (held directly; ';'-separated) and
    /// sso, so that `user import` of the file into another store (with --create-missing
    /// for the companies and roles) gives the same users. --with-secrets adds
    /// password_hash, totp_secret, totp_algorithm, totp_digits and totp_period: the
    /// users can then sign in there with their passwords and authenticators. Group
    /// memberships and the settings of tenants, companies and roles are the policy
    /// file's (`mfactl policy export`).
    ///
    /// The CSV goes to standard output, or with --out to a new file (an existing one
    /// is refused). --with-secrets writes plaintext secrets: never to a terminal, nor
    /// to standard output that is a file others may read (a pipe is fine); --out then
    /// makes a file readable by its owner only (0600). It asks for confirmation (--yes
    /// for scripts) and is audited before the first secret is written. Users are read
    /// as they are written, so memory stays flat on a store of a million users.
    #[command(verbatim_doc_comment)]
    Export(UserExportArgs),
    /// Change a user's password (revokes their remembered devices)
    #[command(name = "set-password")]
    SetPassword(UserSetPasswordArgs),
    /// Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on
    ///
    /// On a terminal everything happens in one run: the QR code, the code prompt (three
    /// tries), then ten recovery codes to save. Without a terminal (or with --json) the
    /// first run prints the pending secret and otpauth URI; a second run with --code
    /// verifies it and turns 2FA on. A pending enrolment can be finished for an hour; each
    /// run without --code makes a new secret and the one shown before stops working.
    ///
    /// The QR code is drawn only on a terminal wide enough for it (COLUMNS, else the
    /// terminal's size); elsewhere the key and the otpauth URI are printed instead, and
    /// --qr draws it anyway.
    #[command(name = "activate-2fa")]
    Activate2fa(UserActivateArgs),
    /// Turn your own 2FA off, proving it is you with a code or a recovery code
    ///
    /// Refused (exit 6) when the user's company enforces MFA, a role requires 2FA, or
    /// the tenant requires 2FA and does not let members turn it off. With --method email
    /// a code is sent to the user's address (without a terminal the run stops with exit
    /// 4 after sending; run again with --method email --code CODE). Wrong codes count
    /// towards the lock.
    #[command(name = "deactivate-2fa")]
    Deactivate2fa(UserDeactivateArgs),
    /// Support reset for a lost phone: remove the authenticator, recovery codes and devices
    ///
    /// Also clears the lock. The reason is recorded in the audit log, and the user is told
    /// by email. The password alone never enrols after a reset: the user's next sign-in
    /// must prove it is them before a new authenticator is enrolled, with a temporary
    /// access pass (--access-pass issues one with the reset; read it to the user) or,
    /// where email is one of their methods, a code sent by email. Without --access-pass
    /// the user's earlier pass is revoked. With --verify-email, a code is sent to the
    /// user's address first and the reset happens only when the caller reads it back
    /// (--code, or at the prompt); wrong read-backs count towards the user's lock.
    #[command(name = "reset-mfa")]
    ResetMfa(UserResetMfaArgs),
    /// Issue a temporary access pass: one sign-in that must enrol a new authenticator
    ///
    /// For a user who lost their phone: read the pass to them once you have checked who
    /// they are. With their password, `mfactl login EMAIL --method pass --code PASS`
    /// signs them in once, and that sign-in must enrol a new authenticator app (no
    /// grace period, no skipping, no remembered device) before it completes; the new
    /// app replaces the old one and its recovery codes.
    ///
    /// The pass is 16 letters and digits (80 random bits), shown once in groups of four,
    /// stored only as a keyed hash, valid once for --valid (default 1h, at most 24h). A
    /// new pass replaces the user's previous one; `reset-mfa` without --access-pass,
    /// `set-password` and `delete` revoke it. Issuing, using and expiry are audited, and
    /// the user is told by email when a pass is issued and when it is used (the email
    /// never holds the pass). A wrong pass counts towards the lock.
    #[command(name = "access-pass")]
    AccessPass(UserAccessPassArgs),
    /// Clear a user's lock and failed-attempt count
    ///
    /// Also the way out of a clock fault: when a code was accepted for a time later than
    /// this machine's clock (a clock that ran ahead), every code is refused until the
    /// record of it is dropped here. Check the clock first (`date -u`).
    Unlock(UserEmailArgs),
    /// List a user's remembered devices, or revoke them
    Devices(UserDevicesArgs),
    /// Show how many recovery codes are left, or make ten new ones with --regenerate
    #[command(name = "recovery-codes")]
    RecoveryCodes(UserRecoveryCodesArgs),
    /// Delete a user with their factors, recovery codes, devices, roles and groups
    ///
    /// Asks for confirmation (--yes for scripts). The audit history of the user stays and
    /// still verifies.
    Delete(UserDeleteArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The user's login: an email address, unique within the tenant
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// The company the user belongs to
    #[arg(long, value_name = "SLUG")]
    pub company: Option<String>,
    /// The user signs in through SSO elsewhere and has no password here
    #[arg(long, conflicts_with_all = ["password_stdin", "generate_password"])]
    pub sso: bool,
    /// Read the password from the first line of standard input
    #[arg(long, conflicts_with = "generate_password")]
    pub password_stdin: bool,
    /// Generate a random password and print it once
    #[arg(long)]
    pub generate_password: bool,
}

#[derive(Debug, Args)]
pub struct UserListArgs {
    #[command(flatten)]
    pub tenant: TenantFilterArg,
    /// Only users enrolled, missing 2FA, or locked
    ///
    /// Missing: 2FA is required of them and they have nothing to pass it with yet
    /// (never SSO users, whose identity provider does 2FA).
    #[arg(long, value_parser = ["enrolled", "missing", "locked"], value_name = "STATE")]
    pub mfa: Option<String>,
    /// Only users of this company
    #[arg(long, value_name = "SLUG")]
    pub company: Option<String>,
    /// Only users holding this role, directly or through a group
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only users whose email contains TEXT (case does not matter), e.g. a name or a domain
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserImportArgs {
    /// The file to read, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// What the file holds: users as CSV, or authenticators as otpauth lines
    #[arg(long, value_parser = ["csv", "otpauth"], default_value = "csv", value_name = "FORMAT")]
    pub format: String,
    /// Create the tenants, companies and roles the CSV names that do not exist yet
    #[arg(long)]
    pub create_missing: bool,
    /// Check every row and report what would be added, without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct UserExportArgs {
    #[command(flatten)]
    pub tenant: TenantFilterArg,
    /// Only the users of this company
    #[arg(long, value_name = "SLUG")]
    pub company: Option<String>,
    /// Write to this new file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Also write password hashes and authenticator secrets (never to a terminal)
    #[arg(long)]
    pub with_secrets: bool,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct UserEmailArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct UserSetPasswordArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Read the new password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct UserActivateArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// The 6-digit code of the app, to finish a pending enrolment
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Draw the QR code even off a terminal or on a narrow one
    ///
    /// For example to pipe it into a decoder.
    #[arg(long)]
    pub qr: bool,
}

#[derive(Debug, Args)]
pub struct UserDeactivateArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Proof: a code of the app, a recovery code, or the code sent by email
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// How to prove it is you: email sends a code to the user's address
    #[arg(long, value_parser = ["totp", "recovery", "email"], value_name = "METHOD")]
    pub method: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserResetMfaArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Why, for the audit log (e.g. "lost phone, ticket 4521")
    #[arg(long, required = true, value_name = "TEXT")]
    pub reason: String,
    /// First send a code to the user's email; reset only when the caller reads it back
    #[arg(long)]
    pub verify_email: bool,
    /// The code the caller read back (with --verify-email)
    #[arg(long, value_name = "CODE", requires = "verify_email")]
    pub code: Option<String>,
    /// Also issue a temporary access pass (see `user access-pass`), to read to the user
    #[arg(long)]
    pub access_pass: bool,
    /// How long the access pass may be used: up to 24h [default: 1h]
    #[arg(long, value_name = "DURATION", requires = "access_pass")]
    pub valid: Option<String>,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct UserAccessPassArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Why, for the audit log (e.g. "lost phone, ticket 4521, identity checked")
    #[arg(long, required = true, value_name = "TEXT")]
    pub reason: String,
    /// How long the pass may be used: a number with m or h, up to 24h [default: 1h]
    #[arg(long, value_name = "DURATION")]
    pub valid: Option<String>,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct UserDevicesArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Revoke the remembered device with this id
    #[arg(long, value_name = "ID", conflicts_with = "revoke_all")]
    pub revoke: Option<String>,
    /// Revoke every remembered device of the user
    #[arg(long)]
    pub revoke_all: bool,
}

#[derive(Debug, Args)]
pub struct UserRecoveryCodesArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Replace all recovery codes with ten new ones, shown once
    #[arg(long)]
    pub regenerate: bool,
}

#[derive(Debug, Args)]
pub struct UserDeleteArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    #[command(flatten)]
    pub yes: YesArg,
}
