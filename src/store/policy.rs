//! What a policy file covers of a tenant, read for `policy export`, `plan` and `apply`
//! (SPEC §7): its companies, roles and groups with their grants in a few statements per
//! tenant, which file emails are users of it, and the users a plan could make enrol,
//! streamed. What every store does here (`PolicyStore`); the SQL is in
//! `sqlite/policy.rs` and `postgres/policy.rs`.

use std::collections::HashMap;

use crate::core::model::Tenant;
use crate::core::plan::enrol::Candidate;
use crate::core::plan::{CompanyState, GroupState, RoleState, TenantState};
use crate::error::Result;

/// The reads of policy as code.
pub trait PolicyStore {
    /// The tenant's companies (with how many users each has), roles (with their direct
    /// holders' emails) and groups (with their roles' names and members' emails), each
    /// list sorted by name without case, and the tenant's settings.
    fn tenant_state(&self, tenant: &Tenant) -> Result<TenantState>;

    /// Which of `emails` (lower case) are users of the tenant, lower case.
    fn existing_emails(&self, tenant_id: i64, emails: &[String]) -> Result<Vec<String>>;

    /// Streams the tenant's local users without an authenticator (whom a plan could make
    /// enrol), by email, to `each`; it returns false to stop.
    fn each_enrol_candidate(
        &self,
        tenant_id: i64,
        each: &mut dyn FnMut(Candidate) -> Result<bool>,
    ) -> Result<()>;
}

/// The rows a backend reads for `tenant_state`, keyed by the ids of roles and groups.
pub(super) struct StateRows {
    pub companies: Vec<CompanyState>,
    /// Id, name, requires 2FA; by name.
    pub roles: Vec<(i64, String, bool)>,
    /// Role id and a direct holder's email; by email.
    pub role_members: Vec<(i64, String)>,
    /// Id and name; by name.
    pub groups: Vec<(i64, String)>,
    /// Group id and a granted role's name; by name.
    pub group_roles: Vec<(i64, String)>,
    /// Group id and a member's email; by email.
    pub group_members: Vec<(i64, String)>,
}

/// The tenant's state from its rows: the same for every backend.
pub(super) fn assemble(tenant: &Tenant, rows: StateRows) -> TenantState {
    let mut roles: Vec<RoleState> = Vec::with_capacity(rows.roles.len());
    let mut role_at: HashMap<i64, usize> = HashMap::new();
    for (id, name, require_2fa) in rows.roles {
        role_at.insert(id, roles.len());
        roles.push(RoleState {
            name,
            require_2fa,
            members: Vec::new(),
        });
    }
    for (id, email) in rows.role_members {
        if let Some(&at) = role_at.get(&id) {
            roles[at].members.push(email);
        }
    }
    let mut groups: Vec<GroupState> = Vec::with_capacity(rows.groups.len());
    let mut group_at: HashMap<i64, usize> = HashMap::new();
    for (id, name) in rows.groups {
        group_at.insert(id, groups.len());
        groups.push(GroupState {
            name,
            roles: Vec::new(),
            members: Vec::new(),
        });
    }
    for (id, role) in rows.group_roles {
        if let Some(&at) = group_at.get(&id) {
            groups[at].roles.push(role);
        }
    }
    for (id, email) in rows.group_members {
        if let Some(&at) = group_at.get(&id) {
            groups[at].members.push(email);
        }
    }
    TenantState {
        name: tenant.name.clone(),
        settings: tenant.auth.clone(),
        companies: rows.companies,
        roles,
        groups,
    }
}
