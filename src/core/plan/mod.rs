//! Policy as code (SPEC §7), pure: the policy a file describes (`Policy`, read by
//! `formats::policy` with where each thing is written), the part of the store a policy
//! covers (`TenantState`, read by the store), and the plan between them: `plan_tenant`
//! lists the changes that make a tenant match its section of the file, or the problems
//! of the file that the store reveals (a member who is not a user, a role that exists
//! nowhere). `enrol` counts who would have to enrol because of each change; `change`
//! holds a change and the plan's id. The executor and the renderings are elsewhere.

pub mod change;
pub mod enrol;
mod groups;
mod tenant;
#[cfg(test)]
mod tests;

use crate::core::settings::{AuthSettings, Method};

pub use change::{Action, Change, Kind, Op, plan_id};
pub use tenant::{members_named, plan_tenant};

/// Where something is written in the policy file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub at: Pos,
}

/// Something wrong with the file, where it is, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Pos,
    pub message: String,
    pub expected: String,
}

impl Problem {
    pub fn new(at: Pos, message: impl Into<String>, expected: impl Into<String>) -> Self {
        Problem {
            at,
            message: message.into(),
            expected: expected.into(),
        }
    }
}

/// A policy file: its tenants, by name (case does not matter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub tenants: Vec<TenantPolicy>,
}

/// The settings of `tenant set-auth` a file gives; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsPolicy {
    pub twofa: Option<At<bool>>,
    pub primary: Option<At<Method>>,
    pub secondary: Option<At<Option<Method>>>,
    pub grace_period: Option<At<i64>>,
    pub members_may_deactivate: Option<At<bool>>,
    pub remember_device_days: Option<At<u32>>,
}

/// A tenant's section. A kind (`companies`, `roles`, `groups`) the section does not
/// list is `None`; an empty table is `Some` of nothing (it counts for `--prune`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantPolicy {
    pub name: String,
    pub at: Pos,
    pub settings: SettingsPolicy,
    pub companies: Option<Vec<CompanyPolicy>>,
    pub roles: Option<Vec<RolePolicy>>,
    pub groups: Option<Vec<GroupPolicy>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyPolicy {
    pub name: String,
    pub at: Pos,
    pub enforce_mfa: Option<At<bool>>,
}

/// A role; `members` (emails, lower case) are its direct holders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePolicy {
    pub name: String,
    pub at: Pos,
    pub require_2fa: Option<At<bool>>,
    pub members: Option<Vec<At<String>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPolicy {
    pub name: String,
    pub at: Pos,
    pub roles: Option<Vec<At<String>>>,
    pub members: Option<Vec<At<String>>>,
}

/// What the store holds of a tenant that a policy describes; names and emails sorted
/// without case (emails are stored in lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantState {
    pub name: String,
    pub settings: AuthSettings,
    pub companies: Vec<CompanyState>,
    pub roles: Vec<RoleState>,
    pub groups: Vec<GroupState>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyState {
    pub name: String,
    pub enforce_mfa: bool,
    /// How many users belong to it: a policy never removes a company that has any.
    pub users: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleState {
    pub name: String,
    pub require_2fa: bool,
    /// The emails of its direct holders.
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupState {
    pub name: String,
    /// The names of the roles granted to it.
    pub roles: Vec<String>,
    pub members: Vec<String>,
}

/// Names compare without ASCII case (SPEC: Acme and acme are one name).
pub fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

pub(crate) fn find<'a, T>(
    items: &'a [T],
    name: &str,
    name_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    items.iter().find(|item| same(name_of(item), name))
}

/// The value of a method for the file and the plan (`none` for no secondary method).
pub fn method_value(method: Option<Method>) -> &'static str {
    method.map_or("none", Method::as_str)
}
