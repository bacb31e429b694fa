//! `mfactl company …`

use clap::{Args, Subcommand};

use crate::cli::{TenantArg, YesArg};

#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Create a company in a tenant
    Create(CompanyCreateArgs),
    /// List companies
    #[command(after_long_help = COMPANY_JSON)]
    List(CompanyListArgs),
    /// Show a company
    #[command(after_long_help = COMPANY_JSON)]
    Show(CompanySlugArgs),
    /// Delete a company and its users
    Delete(CompanyDeleteArgs),
    /// Enforce MFA for the company's local users, or lift it with --off
    ///
    /// SSO users sign in elsewhere and are not affected. Lifting enforcement asks for
    /// confirmation (--yes for scripts). --dry-run lists who would have to enrol and
    /// changes nothing.
    #[command(
        name = "enforce-mfa",
        after_long_help = "JSON: {\"slug\", \"tenant\", \"enforce_mfa\", \"created_at\", \"users\", \"dry_run\", \"changed\" \
(false on a dry run), \"would_change\" (dry run only), \"must_enrol\": [{\"email\", \"created_at\", \"already_required\", \"grace_ends_at\"}]}"
    )]
    EnforceMfa(CompanyEnforceMfaArgs),
}

const COMPANY_JSON: &str = "JSON: {\"slug\", \"tenant\", \"enforce_mfa\", \"created_at\", \"users\"} (list: an array of these)";

#[derive(Debug, Args)]
pub struct CompanyCreateArgs {
    /// Company slug: ASCII letters, digits, '.', '_' and '-' (case does not matter)
    pub slug: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Enforce MFA for the company's local users from the start
    #[arg(long)]
    pub enforce_mfa: bool,
}

#[derive(Debug, Args)]
pub struct CompanyListArgs {
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct CompanySlugArgs {
    /// Company slug
    pub slug: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct CompanyDeleteArgs {
    /// Company slug
    pub slug: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct CompanyEnforceMfaArgs {
    /// Company slug
    pub slug: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Lift enforcement (asks for confirmation)
    #[arg(long)]
    pub off: bool,
    /// Only list the local users who would have to enrol; change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub yes: YesArg,
}
