//! `mfactl group …`

use clap::{Args, Subcommand};

use crate::cli::TenantArg;

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group in a tenant
    Create(GroupCreateArgs),
    /// Add a user to a group
    #[command(name = "add-member")]
    AddMember(GroupAddMemberArgs),
    /// Grant a role to a group: every member holds it
    #[command(name = "grant-role")]
    GrantRole(GroupGrantRoleArgs),
}

#[derive(Debug, Args)]
pub struct GroupCreateArgs {
    /// Group name: ASCII letters, digits, '.', '_' and '-' (case does not matter)
    pub group: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct GroupAddMemberArgs {
    /// Group name
    pub group: String,
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct GroupGrantRoleArgs {
    /// Group name
    pub group: String,
    /// Role name
    pub role: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}
