//! `mfactl role …`

use clap::{Args, Subcommand};

use crate::cli::{TenantArg, TenantFilterArg, YesArg};

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Create a role in a tenant
    Create(RoleNameArgs),
    /// List roles, whether they require 2FA, and how many users hold them
    List(RoleListArgs),
    /// Show a role: whether it requires 2FA, and who holds it, directly or through a group
    Show(RoleNameArgs),
    /// Delete a role (its holders lose it)
    ///
    /// Asks for confirmation (--yes for scripts). When the role required 2FA, its holders
    /// no longer need 2FA from it; the message and the audit entry say so.
    Delete(RoleDeleteArgs),
    /// Require 2FA of everyone holding the role, or stop with --off
    ///
    /// Stopping asks for confirmation (--yes for scripts). --dry-run lists the local users
    /// who would have to enrol at their next sign-in, as the policy decides (SSO users
    /// sign in elsewhere and are never listed), and changes nothing.
    #[command(name = "require-2fa")]
    Require2fa(RoleRequire2faArgs),
    /// Give a role to a user directly
    Assign(RoleMemberArgs),
    /// Take a directly held role from a user
    ///
    /// A role held only through a group is taken with `group remove-member` or `group
    /// revoke-role`; unassigning it is not found (exit 7). When the user no longer holds a
    /// role requiring 2FA, they no longer need 2FA from it: that weakens protection, so
    /// it asks for confirmation first (--yes for scripts), and the message and the audit
    /// entry say so afterwards.
    Unassign(RoleUnassignArgs),
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
    pub tenant: TenantFilterArg,
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
    /// Only list the local users who would have to enrol; change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct RoleMemberArgs {
    /// Role name
    pub role: String,
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct RoleUnassignArgs {
    #[command(flatten)]
    pub member: RoleMemberArgs,
    #[command(flatten)]
    pub yes: YesArg,
}
