//! `mfactl audit …`

use clap::{Args, Subcommand};

/// Show the audit log, oldest first; filter with --since, --actor and --target.
///
/// Every change of policy or of a user's factors is recorded with actor, time,
/// target and reason, each entry chained to the one before by an HMAC-SHA256 keyed
/// from the store key: a rewrite made without the key file fails `audit verify`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: Option<AuditCommand>,
    /// Only entries since this long ago (90m, 12h, 14d) or since an RFC 3339 date
    #[arg(long, value_name = "DURATION|DATE")]
    pub since: Option<String>,
    /// Only entries whose target contains this text (an email, a tenant, a company)
    #[arg(long, value_name = "TEXT")]
    pub target: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was changed, removed or reordered; exit 1 naming the first that was
    ///
    /// Every entry's HMAC is recomputed with the key file, and the recorded end of the log
    /// must carry a MAC of the same key, so a log truncated or recomputed with the database
    /// alone fails. Entries written before a store was upgraded to a keyed chain keep their
    /// SHA-256 links (legacy_entries); the keyed entries after them vouch for them.
    Verify,
}
