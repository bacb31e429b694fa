//! Users: identity, password hash, lock state and the columns of their second factors.
//!
//! What every store does here (`UserStore`) and the types it returns; the SQL is in
//! `sqlite/user.rs`.

use crate::core::model::{Tenant, User, UserKind};
use crate::core::policy::RoleFact;
use crate::core::signin::DeviceFact;
use crate::error::Result;

/// A user to add.
pub struct NewUser<'a> {
    pub tenant_id: i64,
    pub company_id: Option<i64>,
    pub email: &'a str,
    pub kind: UserKind,
    pub password_hash: Option<&'a str>,
}

/// Which users `each_user` yields; `None` matches all.
#[derive(Debug, Clone, Copy, Default)]
pub struct UserFilter {
    pub tenant_id: Option<i64>,
    pub company_id: Option<i64>,
    /// Users holding the role directly or through a group.
    pub role_id: Option<i64>,
    pub user_id: Option<i64>,
    /// Only users with an authenticator app enrolled (`Some(true)`) or without one.
    pub enrolled: Option<bool>,
    /// Only users locked at this time.
    pub locked_at: Option<i64>,
    /// Only local users whom some source of the policy may require 2FA of: the tenant's
    /// setting, their company, a role (SSO users sign in elsewhere). A superset, for
    /// speed: the policy in `core` decides.
    pub may_be_required: bool,
}

/// A user with everything their status needs, read by one joined query.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub user: User,
    pub tenant: Tenant,
    /// The user's company: its slug and whether it enforces MFA.
    pub company: Option<(String, bool)>,
    /// Roles held directly and through groups, by name then group.
    pub roles: Vec<RoleFact>,
    pub groups: Vec<String>,
    /// When the pending enrolment started, if one is pending.
    pub pending_started_at: Option<i64>,
    pub recovery_codes_left: i64,
    /// Every remembered device of the user (`core::signin` judges which still count).
    pub devices: Vec<DeviceFact>,
}

/// The users of a store.
pub trait UserStore {
    /// Adds a user; a conflict when the tenant has one with the email.
    fn insert_user(&self, new: &NewUser<'_>, now: i64) -> Result<User>;

    /// Adds a user from an import (no password; statements cached for a million rows).
    /// Returns the new id, or `None` when the tenant already has a user with the email.
    fn import_user(
        &self,
        tenant_id: i64,
        company_id: Option<i64>,
        email: &str,
        kind: UserKind,
        now: i64,
    ) -> Result<Option<i64>>;

    /// Gives an imported user a role (held already: nothing to do).
    fn import_role(&self, user_id: i64, role_id: i64) -> Result<()>;

    /// The id of the tenant's user with this email, if there is one.
    fn user_id_by_email(&self, tenant_id: i64, email: &str) -> Result<Option<i64>>;

    /// The user with this id (an environment error when there is none).
    fn user_by_id(&self, id: i64) -> Result<User>;

    /// Users with this email, in one tenant or in all of them.
    fn users_by_email(&self, tenant_id: Option<i64>, email: &str) -> Result<Vec<User>>;

    /// Streams the users matching `wanted`, ordered by tenant and email, each with
    /// everything their status needs, to `each`; it returns false to stop. One
    /// statement, read from a cursor: memory stays flat whatever the store's size.
    fn each_user(
        &self,
        wanted: &UserFilter,
        each: &mut dyn FnMut(UserRow) -> Result<bool>,
    ) -> Result<()>;

    /// Replaces the password hash; a change of credentials, so the user's remembered
    /// devices are revoked. Returns how many there were.
    fn set_password(&self, user_id: i64, hash: &str, now: i64) -> Result<usize>;

    /// Removes every remembered device of a user; returns how many there were.
    fn delete_devices(&self, user_id: i64) -> Result<usize>;

    /// The password hash of a user, if one is set.
    fn password_hash(&self, user_id: i64) -> Result<Option<String>>;

    /// Deletes a user. Their recovery codes, remembered devices, accepted TOTP steps,
    /// email codes, role grants and group memberships go with them: every table that
    /// refers to `users` does so `ON DELETE CASCADE` (the audit log refers to no table).
    fn delete_user(&self, user_id: i64) -> Result<()>;
}
