//! Groups: their members, the roles granted to them, and who loses a role with them.
//!
//! What every store does here (`GroupStore`) and the types it returns; the SQL is in
//! `sqlite/group.rs` and `postgres/group.rs`.

use crate::core::model::{Group, Role};
use crate::error::Result;

/// A group as `group list` shows it: how many members, which roles.
#[derive(Debug, Clone)]
pub struct GroupSummary {
    pub group: Group,
    pub members: i64,
    /// Names of the roles granted to the group, sorted.
    pub roles: Vec<String>,
}

/// The groups of a store, their members and roles.
pub trait GroupStore {
    /// Adds a group; a conflict when the tenant has one with the name (whatever its case).
    fn insert_group(&self, tenant_id: i64, name: &str) -> Result<Group>;

    /// Groups named `name`, in one tenant or in all of them.
    fn groups_by_name(&self, tenant_id: Option<i64>, name: &str) -> Result<Vec<Group>>;

    /// The names of the groups a user is a member of.
    fn user_group_names(&self, user_id: i64) -> Result<Vec<String>>;

    /// Adds a user (`email`, for the message) to a group; a conflict when they are a member.
    fn add_group_member(&self, group: &Group, user_id: i64, email: &str) -> Result<()>;

    /// Grants a role to a group; a conflict when the group has it.
    fn grant_group_role(&self, group: &Group, role: &Role) -> Result<()>;

    /// Streams the groups of one tenant or of all, by tenant then name, with their member
    /// count and role names, to `each`; it returns false to stop.
    fn each_group(
        &self,
        tenant_id: Option<i64>,
        each: &mut dyn FnMut(GroupSummary) -> Result<bool>,
    ) -> Result<()>;

    /// How many members a group has.
    fn group_member_count(&self, group_id: i64) -> Result<i64>;

    /// The roles granted to a group, by name.
    fn group_roles(&self, group_id: i64) -> Result<Vec<Role>>;

    /// Streams the emails of a group's members, sorted, to `each`; it returns false to stop.
    fn each_group_member(
        &self,
        group_id: i64,
        each: &mut dyn FnMut(String) -> Result<bool>,
    ) -> Result<()>;

    /// Whether a user is a member of a group.
    fn is_group_member(&self, group_id: i64, user_id: i64) -> Result<bool>;

    /// The members of a group who hold a role only through that group: the ones who
    /// lose it when the group loses the role or is deleted. Emails, sorted.
    fn members_holding_role_only_through(&self, group_id: i64, role_id: i64)
    -> Result<Vec<String>>;

    /// Removes a user from a group; false when they were not a member.
    fn remove_group_member(&self, group_id: i64, user_id: i64) -> Result<bool>;

    /// Takes a role from a group; false when the group did not have it.
    fn revoke_group_role(&self, group_id: i64, role_id: i64) -> Result<bool>;

    /// Deletes a group; its memberships and role grants go with it (foreign keys cascade).
    fn delete_group(&self, group_id: i64) -> Result<()>;
}
