//! `mfactl group …`

use clap::{Args, Subcommand};

use crate::cli::{TenantArg, TenantFilterArg, YesArg};

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group in a tenant
    Create(GroupNameArgs),
    /// List groups, how many members they have and the roles granted to them
    List(GroupListArgs),
    /// Show a group: the roles granted to it and its members
    Show(GroupNameArgs),
    /// Delete a group: its members lose the roles granted through it
    ///
    /// Asks for confirmation (--yes for scripts), naming the members who would no longer
    /// need 2FA: a member who held a role requiring 2FA only through the group no longer
    /// needs 2FA from that role; the message and the audit entry say so.
    Delete(GroupDeleteArgs),
    /// Add a user to a group
    #[command(name = "add-member")]
    AddMember(GroupMemberArgs),
    /// Remove a user from a group: they lose the roles granted through it
    ///
    /// A user who is not a member is not found (exit 7). A role requiring 2FA that the
    /// user held only through the group no longer requires it of them: that weakens
    /// protection, so it asks for confirmation first (--yes for scripts), and the message
    /// and the audit entry say so afterwards.
    #[command(name = "remove-member")]
    RemoveMember(GroupRemoveMemberArgs),
    /// Grant a role to a group: every member holds it
    #[command(name = "grant-role")]
    GrantRole(GroupRoleArgs),
    /// Take a role from a group: its members stop holding it through the group
    ///
    /// A role the group does not have is not found (exit 7). Members who held a role
    /// requiring 2FA only through the group no longer need 2FA from it: that weakens
    /// protection, so it asks for confirmation first (--yes for scripts), and the message
    /// and the audit entry say so afterwards.
    #[command(name = "revoke-role")]
    RevokeRole(GroupRevokeRoleArgs),
}

#[derive(Debug, Args)]
pub struct GroupNameArgs {
    /// Group name: ASCII letters, digits, '.', '_' and '-' (case does not matter)
    pub group: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct GroupListArgs {
    #[command(flatten)]
    pub tenant: TenantFilterArg,
}

#[derive(Debug, Args)]
pub struct GroupDeleteArgs {
    /// Group name
    pub group: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct GroupMemberArgs {
    /// Group name
    pub group: String,
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct GroupRoleArgs {
    /// Group name
    pub group: String,
    /// Role name
    pub role: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct GroupRemoveMemberArgs {
    #[command(flatten)]
    pub member: GroupMemberArgs,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct GroupRevokeRoleArgs {
    #[command(flatten)]
    pub grant: GroupRoleArgs,
    #[command(flatten)]
    pub yes: YesArg,
}
