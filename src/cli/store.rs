//! `mfactl store …`

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Show which store and key file are in use, the schema version and what it holds
    ///
    /// A support agent's first check: the store's path (from --store, MFACTL_STORE or the
    /// default), the key file (MFACTL_KEY_FILE or beside the store), the schema version,
    /// and counts of tenants, companies, users and enrolled users. Like every read, it
    /// refuses a store that does not exist rather than showing an empty one.
    Info,
}
