//! `mfactl store …`

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Show which store and key file are in use, the schema version and what it holds
    ///
    /// A support agent's first check: the store's path (from --store, MFACTL_STORE or the
    /// default), the key file (MFACTL_KEY_FILE or beside the store), the schema version,
    /// and counts of tenants, companies, users and enrolled users. Like every read, it
    /// refuses a store that does not exist rather than showing an empty one.
    Info,
    Copy(StoreCopyArgs),
    /// Check the whole store: database, schema, key file, secrets, audit log
    ///
    /// Checks everything that can be checked without a person, one line per check: the
    /// database's own integrity (SQLite's integrity_check and foreign_key_check; on
    /// PostgreSQL the schema and session checks, and every foreign key's references),
    /// the schema version, the key file (the key the store records), that every sealed
    /// secret decrypts (a count per kind), the mail settings' MAC, the audit chain (as
    /// `mfactl audit verify`, and this machine's record of it), and what has expired
    /// (pending enrolments, access passes: reported, not failures). Exits 0 only when
    /// every check passes, else 1 naming each failure. Reads in flat memory whatever the
    /// store's size, with progress on a terminal; never changes the store.
    Check,
    Rekey(StoreRekeyArgs),
    Backup(StoreBackupArgs),
}

/// Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back
///
/// Copies everything the store in use (--store or MFACTL_STORE) holds into STORE: the
/// store's id and key record, tenants, companies, users with their factors, roles,
/// groups, remembered devices, recovery and email codes, the mail settings and the whole
/// audit log, every id kept. Secrets are copied still encrypted: the copy opens with the
/// same key file (MFACTL_KEY_FILE; an SQLite copy opened without it reads the key beside
/// it, so a copy of the key file, mode 0600, is put there when none is). Nothing is added
/// to the audit log of either store, so the copy is exact, and `mfactl audit verify` on
/// the copy checks the same chain.
///
/// The source is read in one snapshot and the target written in one transaction, which
/// is committed only after the copy's audit chain verified: a failure at any row leaves
/// the target as it was. The target is an SQLite path (created, mode 0600, when it does
/// not exist; an existing file must be an empty store of your own that others may not
/// read: one they may, exit 1, is left as it is, to be made private with chmod 600 or
/// replaced by a new file) or a postgres:// URL of a new,
/// empty database (CREATE DATABASE NAME OWNER ROLE), in which the copy makes mfactl's schema in
/// its own transaction. A target that holds anything (rows, mfactl's tables, or any
/// table, function, type, schema or search_path setting that could change rows on their
/// way in) is refused (exit 8), and so is a target that records another key (exit 1).
/// Passwords in either URL are never shown.
#[derive(Debug, Args)]
pub struct StoreCopyArgs {
    /// Where to copy the store: an SQLite file path, or a postgres:// URL
    #[arg(long, value_name = "STORE", value_hint = clap::ValueHint::AnyPath)]
    pub to: String,
}

/// Replace the store's encryption key, re-encrypting every secret under a new one
///
/// Makes a new key and, in one transaction, re-encrypts every secret of the store under
/// it (TOTP secrets, pending enrolments, the SMTP password), wraps every keyed hash
/// under it (recovery codes, email codes, remembered devices and access passes all keep
/// working), and carries the audit log on under it: the entries before keep their MACs
/// under the old key, which the store keeps sealed under the new one, and `mfactl audit
/// verify` checks every entry from the first to the last. Afterwards the old key opens
/// nothing in the store.
///
/// The key file is then switched: the new key replaces it and the old one is kept beside
/// it as KEY.old (0600) until you remove it (a backup made before the rekey opens only
/// with it). A rekey refuses to start while KEY.old is there. The new key is written and
/// synced as KEY.new before the transaction commits, and the store records which key it
/// is under, so a crash at any moment leaves a store that the next command opens: it
/// finishes the switch, or the store is still under the old key.
///
/// On PostgreSQL every admin needs the new key file; a command run with the old one is
/// refused, naming it. Other writes wait for the rekey (at most 60 seconds). Asks for
/// confirmation on a terminal; --yes for scripts. Audited (store.rekey).
#[derive(Debug, Args)]
pub struct StoreRekeyArgs {
    /// Rekey without asking (for scripts)
    #[arg(long)]
    pub yes: bool,
}

/// Write a consistent, checked copy of the live store to a new SQLite file
///
/// Copies the store in use, as one snapshot while other processes keep writing, into a
/// new SQLite file: SQLite's VACUUM INTO, or for a PostgreSQL store the same reader as
/// `store copy`. The copy is written under a temporary name beside FILE (mode 0600),
/// checked as `mfactl store check` checks a store (every secret decrypts with the
/// store's key, the audit log verifies), synced, then put in place. FILE must not exist:
/// an existing file, link or anything else is refused (exit 8), never replaced.
///
/// The key file is not copied: a backup beside its key is as good as plaintext. The
/// backup opens with the store's key file: MFACTL_KEY_FILE=KEY mfactl --store FILE store check;
/// `mfactl store copy --to` moves it back (to PostgreSQL too).
#[derive(Debug, Args)]
pub struct StoreBackupArgs {
    /// The new SQLite file to write
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: std::path::PathBuf,
}
