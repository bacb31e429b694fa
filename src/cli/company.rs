//! `mfactl company …`

use clap::{Args, Subcommand};

use crate::cli::{TenantArg, TenantFilterArg, YesArg};

#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Create a company in a tenant
    Create(CompanyCreateArgs),
    /// List companies
    List(CompanyListArgs),
    /// Show a company
    Show(CompanySlugArgs),
    /// Delete a company and its users
    Delete(CompanyDeleteArgs),
    /// Enforce MFA for the company's local users, or lift it with --off
    ///
    /// SSO users sign in elsewhere and are not affected. Lifting enforcement asks for
    /// confirmation (--yes for scripts). --dry-run lists who would have to enrol and
    /// changes nothing.
    #[command(name = "enforce-mfa")]
    EnforceMfa(CompanyEnforceMfaArgs),
}

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
    pub tenant: TenantFilterArg,
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
