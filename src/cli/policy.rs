//! `mfactl policy …`: the policy of many tenants as one reviewed file (SPEC §7).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::YesArg;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Write the 2FA policy of every tenant (or one) as a file to review and apply
    ///
    /// Settings, companies, roles (with their direct holders) and groups (with their
    /// roles and members) of each tenant, by name, in TOML with a comment header naming
    /// the format version. The same store always gives the same file, and `policy plan`
    /// of it reports no changes. Users themselves are not in it.
    Export(PolicyExportArgs),
    /// Show what `policy apply` would change, and who would have to enrol
    ///
    /// One line per change (+ add, ~ change, - remove), each change that weakens
    /// protection marked, with how many users would have to enrol because of it, and a
    /// last line with the counts and the plan id to give `policy apply --plan-id`. The
    /// changes are rehearsed in a transaction that is rolled back, so a plan that shows
    /// no refusal applies. A file with mistakes is refused with FILE:LINE:COLUMN (exit 2).
    Plan(PolicyPlanArgs),
    /// Change the store to match the file: all of it or nothing
    ///
    /// The plan is computed again inside one write transaction and carried out through
    /// the same checks and audit entries as the single commands (`tenant set-auth`,
    /// `company enforce-mfa`, `role require-2fa`, `group grant-role` and the others). A plan that
    /// weakens protection asks for confirmation (--yes for scripts); with --plan-id, a
    /// plan that differs from the one reviewed is refused (exit 8). A file the store
    /// already matches changes nothing and writes no audit entry. Tenants the file names
    /// are created (and the store, when there is none yet, as `tenant create` makes it).
    Apply(PolicyApplyArgs),
    /// Print the JSON Schema of the policy file, for editors
    Schema,
}

#[derive(Debug, Args)]
pub struct PolicyExportArgs {
    /// Write to this new file instead of standard output (an existing file is refused)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: Option<PathBuf>,
    /// Export this tenant only [default: every tenant]
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
}

#[derive(Debug, Args)]
pub struct PolicyPlanArgs {
    /// The policy file (TOML), or - for standard input
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    /// Also remove what the tenants' sections do not name: companies (never one that
    /// has users), roles and groups of each kind listed, and holders, members and grants
    /// not named under a role or group that lists them
    #[arg(long)]
    pub prune: bool,
    /// Exit 9 when there are changes, 0 when there are none (for CI)
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct PolicyApplyArgs {
    /// The policy file (TOML), or - for standard input
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    /// Also remove what the file does not name (as `policy plan --prune`)
    #[arg(long)]
    pub prune: bool,
    /// Apply only if the plan is still the one `policy plan` printed with this id
    /// (exit 8, nothing changed, when the store or the file moved since)
    #[arg(long, value_name = "ID")]
    pub plan_id: Option<String>,
    /// Why, recorded in every audit entry of the apply
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub yes: YesArg,
}
