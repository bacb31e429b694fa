//! `mfactl role …`

use clap::{Args, Subcommand};

use crate::cli::{TenantArg, YesArg};

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Create a role in a tenant
    Create(RoleNameArgs),
    /// List roles, whether they require 2FA, and how many users hold them
    #[command(
        after_long_help = "JSON: an array of {\"name\", \"tenant\", \"requires_2fa\", \"users\"}"
    )]
    List(RoleListArgs),
    /// Delete a role (its holders lose it)
    Delete(RoleDeleteArgs),
    /// Require 2FA of everyone holding the role, or stop with --off
    #[command(name = "require-2fa")]
    Require2fa(RoleRequire2faArgs),
    /// Give a role to a user directly
    Assign(RoleAssignArgs),
}

#[derive(Debug, Args)]
pub struct RoleNameArgs {
    /// Role name: ASCII letters, digits, '.', '_' and '-' (case does not matter)
    pub role: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct RoleListArgs {
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct RoleDeleteArgs {
    /// Role name
    pub role: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct RoleRequire2faArgs {
    /// Role name
    pub role: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Stop requiring 2FA for the role (asks for confirmation; --yes for scripts)
    #[arg(long)]
    pub off: bool,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct RoleAssignArgs {
    /// Role name
    pub role: String,
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}
