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
