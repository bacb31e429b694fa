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
    #[command(
        after_long_help = "JSON: {\"backend\": \"sqlite\", \"store\", \"key_file\", \"key_id\", \"store_id\", \
\"read_only\", \"size_bytes\", \"schema_version\", \"schema_latest\", \"tenants\", \"companies\", \"users\", \
\"local_users\", \"sso_users\", \"enrolled\", \"roles\", \"groups\", \"audit_entries\"}\n\n\
Examples:\n  mfactl store info\n  MFACTL_STORE=/srv/mfactl/team.db mfactl store info --json"
    )]
    Info,
}
