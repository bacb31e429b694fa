//! `mfactl role …`

use clap::{Args, Subcommand};

use crate::cli::group::LIFTED_JSON;
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
    /// Show a role: whether it requires 2FA, and who holds it, directly or through a group
    #[command(
        after_long_help = "JSON: {\"name\", \"tenant\", \"requires_2fa\", \"users\", \"groups\": [names], \
\"holders\": [{\"email\", \"via_group\"}]}; a user holding the role in several ways is listed once for each \
(\"via_group\": null when held directly)"
    )]
    Show(RoleNameArgs),
    /// Delete a role (its holders lose it)
    ///
    /// Asks for confirmation (--yes for scripts). When the role required 2FA, its holders
    /// no longer need 2FA from it; the message and the audit entry say so.
    #[command(after_long_help = LIFTED_JSON)]
    Delete(RoleDeleteArgs),
    /// Require 2FA of everyone holding the role, or stop with --off
    ///
    /// Stopping asks for confirmation (--yes for scripts). --dry-run lists the local users
    /// who would have to enrol at their next sign-in, as the policy decides (SSO users
    /// sign in elsewhere and are never listed), and changes nothing.
    #[command(
        name = "require-2fa",
        after_long_help = "JSON: {\"name\", \"tenant\", \"requires_2fa\", \"users\", \"dry_run\", \"changed\"}; \
with --dry-run \"changed\" is false (nothing is written) and \"would_change\" tells whether the role would change, and \"must_enrol\": \
[{\"email\", \"created_at\", \"already_required\", \"grace_ends_at\"}] lists who would have to enrol"
    )]
    Require2fa(RoleRequire2faArgs),
    /// Give a role to a user directly
    Assign(RoleMemberArgs),
    /// Take a directly held role from a user
    ///
    /// A role held only through a group is taken with `group remove-member` or `group
    /// revoke-role`; unassigning it is not found (exit 7). When the user no longer holds a
    /// role requiring 2FA, they no longer need 2FA from it; the message and the audit
    /// entry say so.
    #[command(after_long_help = LIFTED_JSON)]
    Unassign(RoleMemberArgs),
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
