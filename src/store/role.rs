//! Roles, and who holds which role directly or through a group (groups themselves are
//! in `group.rs`).
//!
//! What every store does here (`RoleStore`) and the types it returns; the SQL is in
//! `sqlite/role.rs` and `postgres/role.rs`.

use crate::core::model::Role;
use crate::error::Result;

/// One way a user holds a role: directly (`via_group: None`) or through a group.
#[derive(Debug, Clone)]
pub struct RoleHolder {
    pub email: String,
    pub via_group: Option<String>,
}

/// A role a user holds, and the group it comes through (`None`: held directly).
#[derive(Debug, Clone)]
pub struct HeldRole {
    pub role: Role,
    pub via_group: Option<String>,
}

/// The roles of a store and who holds them.
pub trait RoleStore {
    /// Adds a role; a conflict when the tenant has one with the name (whatever its case).
    fn insert_role(&self, tenant_id: i64, name: &str) -> Result<Role>;

    /// Roles named `name`, in one tenant or in all of them.
    fn roles_by_name(&self, tenant_id: Option<i64>, name: &str) -> Result<Vec<Role>>;

    /// The roles of one tenant or of all, by tenant then name.
    fn roles(&self, tenant_id: Option<i64>) -> Result<Vec<Role>>;

    /// How many users hold a role, directly or through a group.
    fn role_holder_count(&self, role_id: i64) -> Result<i64>;

    /// Sets whether holding the role requires 2FA.
    fn set_role_requires_2fa(&self, role_id: i64, requires: bool) -> Result<()>;

    /// Deletes a role; its grants to users and groups go with it (foreign keys cascade).
    fn delete_role(&self, role_id: i64) -> Result<()>;

    /// Gives a user (`email`, for the message) a role directly; a conflict when they hold it so.
    fn assign_role(&self, role: &Role, user_id: i64, email: &str) -> Result<()>;

    /// The roles a user holds, directly and through groups.
    fn held_roles(&self, user_id: i64) -> Result<Vec<HeldRole>>;

    /// The names of the groups a role is granted to.
    fn role_group_names(&self, role_id: i64) -> Result<Vec<String>>;

    /// Streams every way a role is held, by email (directly first, then by group
    /// name), to `each`; it returns false to stop.
    fn each_role_holder(
        &self,
        role_id: i64,
        each: &mut dyn FnMut(RoleHolder) -> Result<bool>,
    ) -> Result<()>;

    /// The emails of everyone holding a role, directly or through a group, sorted.
    fn role_holder_emails(&self, role_id: i64) -> Result<Vec<String>>;

    /// Whether a user holds a role directly.
    fn holds_role_directly(&self, role_id: i64, user_id: i64) -> Result<bool>;

    /// The names of the groups through which a user holds a role.
    fn groups_giving_role(&self, role_id: i64, user_id: i64) -> Result<Vec<String>>;

    /// Takes a directly held role from a user; false when it was not held directly.
    fn unassign_role(&self, role_id: i64, user_id: i64) -> Result<bool>;
}
