//! Who would have to enrol because of a tenant's changes, as the policy decides
//! (`core::policy::evaluate`, the same decision as the dry runs of `company enforce-mfa`
//! and `role require-2fa`). The store hands over the tenant's local users without an
//! authenticator one at a time (`EnrolCount::user`), so memory holds the tenant's
//! grants, never its users.
//!
//! The changes are played in order on each user's view of the tenant: a change is
//! counted for a user when the user did not have to enrol before it and has to after it
//! (a grace period still counts as having to enrol). The plan's total counts each user
//! once: those who have to enrol after the whole plan and did not before it.

use std::collections::{BTreeSet, HashMap};

use crate::core::model::UserKind;
use crate::core::plan::{Action, Change, TenantState};
use crate::core::policy::{self, Facts, Next, RoleFact};
use crate::core::settings::AuthSettings;

/// A local user without an authenticator, and not reset by support (who must enrol again
/// whatever the policy says): someone a policy could make enrol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub email: String,
    /// The slug of the user's company.
    pub company: Option<String>,
    pub grace_started_at: Option<i64>,
}

type Index = HashMap<String, Vec<usize>>;

/// The count of who has to enrol because of each of a tenant's changes.
pub struct EnrolCount<'a> {
    tenant: String,
    settings: AuthSettings,
    changes: &'a [Change],
    now: i64,
    setting_changes: Vec<usize>,
    by_company: Index,
    by_role: Index,
    by_group: Index,
    by_email: Index,
    company_enforce: HashMap<String, bool>,
    role_requires: HashMap<String, bool>,
    group_roles: HashMap<String, Vec<String>>,
    direct: HashMap<String, Vec<String>>,
    groups_of: HashMap<String, Vec<String>>,
    counts: Vec<u64>,
    total: u64,
}

fn lower(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Whether a change can make anyone have to enrol: the others only take requirements
/// away, or touch objects nobody belongs to yet.
fn may_require(action: &Action) -> bool {
    matches!(
        action,
        Action::SetTwofa(true)
            | Action::SetPrimary(_)
            | Action::SetSecondary(_)
            | Action::EnforceMfa(true)
            | Action::Require2fa(true)
            | Action::AssignRole(_)
            | Action::GrantRole(_)
            | Action::AddMember(_)
    )
}

impl<'a> EnrolCount<'a> {
    /// `state` is `None` for a tenant the plan creates (it has no users).
    pub fn new(state: Option<&TenantState>, changes: &'a [Change], now: i64) -> Self {
        let mut count = EnrolCount {
            tenant: state.map(|s| s.name.clone()).unwrap_or_default(),
            settings: state.map(|s| s.settings.clone()).unwrap_or_default(),
            changes,
            now,
            setting_changes: Vec::new(),
            by_company: Index::new(),
            by_role: Index::new(),
            by_group: Index::new(),
            by_email: Index::new(),
            company_enforce: HashMap::new(),
            role_requires: HashMap::new(),
            group_roles: HashMap::new(),
            direct: HashMap::new(),
            groups_of: HashMap::new(),
            counts: vec![0; changes.len()],
            total: 0,
        };
        for (i, change) in changes.iter().enumerate() {
            let name = lower(&change.name);
            match &change.action {
                Action::CreateTenant => {}
                Action::SetTwofa(_)
                | Action::SetPrimary(_)
                | Action::SetSecondary(_)
                | Action::SetGracePeriod(_)
                | Action::SetMembersMayDeactivate(_)
                | Action::SetRememberDeviceDays(_) => count.setting_changes.push(i),
                Action::CreateCompany { .. } | Action::EnforceMfa(_) | Action::DeleteCompany => {
                    count.by_company.entry(name).or_default().push(i);
                }
                Action::CreateRole { .. } | Action::Require2fa(_) | Action::DeleteRole => {
                    count.by_role.entry(name).or_default().push(i);
                }
                Action::AssignRole(email)
                | Action::UnassignRole(email)
                | Action::AddMember(email)
                | Action::RemoveMember(email) => {
                    count.by_email.entry(email.clone()).or_default().push(i);
                }
                Action::CreateGroup
                | Action::DeleteGroup
                | Action::GrantRole(_)
                | Action::RevokeRole(_) => {
                    count.by_group.entry(name).or_default().push(i);
                }
            }
        }
        if let Some(state) = state {
            for company in &state.companies {
                count
                    .company_enforce
                    .insert(lower(&company.name), company.enforce_mfa);
            }
            for role in &state.roles {
                count
                    .role_requires
                    .insert(lower(&role.name), role.require_2fa);
                for email in &role.members {
                    count
                        .direct
                        .entry(email.clone())
                        .or_default()
                        .push(lower(&role.name));
                }
            }
            for group in &state.groups {
                count.group_roles.insert(
                    lower(&group.name),
                    group.roles.iter().map(|r| lower(r)).collect(),
                );
                for email in &group.members {
                    count
                        .groups_of
                        .entry(email.clone())
                        .or_default()
                        .push(lower(&group.name));
                }
            }
        }
        count
    }

    /// Whether any user needs to be looked at: some change can make someone enrol.
    pub fn needs_users(&self) -> bool {
        self.changes.iter().any(|c| may_require(&c.action))
    }

    /// The roles and groups a user may come to hold in the plan, and the changes that
    /// can touch the user, in order.
    fn reach(
        &self,
        email: &str,
        company: Option<&str>,
    ) -> (BTreeSet<String>, BTreeSet<String>, Vec<usize>) {
        let own = self.by_email.get(email).map_or(&[][..], Vec::as_slice);
        let mut groups: BTreeSet<String> = self
            .groups_of
            .get(email)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let mut roles: BTreeSet<String> = self
            .direct
            .get(email)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        for &i in own {
            match &self.changes[i].action {
                Action::AddMember(_) => {
                    groups.insert(lower(&self.changes[i].name));
                }
                Action::AssignRole(_) => {
                    roles.insert(lower(&self.changes[i].name));
                }
                _ => {}
            }
        }
        for group in &groups {
            roles.extend(self.group_roles.get(group).into_iter().flatten().cloned());
            for &i in self.by_group.get(group).map_or(&[][..], Vec::as_slice) {
                if let Action::GrantRole(role) = &self.changes[i].action {
                    roles.insert(lower(role));
                }
            }
        }
        let mut relevant: Vec<usize> = self.setting_changes.clone();
        relevant.extend_from_slice(own);
        if let Some(company) = company {
            relevant.extend(self.by_company.get(company).into_iter().flatten());
        }
        for role in &roles {
            relevant.extend(self.by_role.get(role).into_iter().flatten());
        }
        for group in &groups {
            relevant.extend(self.by_group.get(group).into_iter().flatten());
        }
        relevant.sort_unstable();
        relevant.dedup();
        (roles, groups, relevant)
    }

    /// Plays the changes on one user's view of the tenant.
    pub fn user(&mut self, candidate: &Candidate) {
        let email = lower(&candidate.email);
        let company = candidate.company.as_deref().map(lower);
        let (roles, groups, relevant) = self.reach(&email, company.as_deref());
        if relevant.is_empty() {
            return;
        }
        let mut view = View {
            settings: self.settings.clone(),
            enforce: company
                .as_ref()
                .is_some_and(|c| self.company_enforce.get(c).copied().unwrap_or(false)),
            direct: self
                .direct
                .get(&email)
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            groups: self
                .groups_of
                .get(&email)
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            requires: roles
                .iter()
                .map(|r| {
                    (
                        r.clone(),
                        self.role_requires.get(r).copied().unwrap_or(false),
                    )
                })
                .collect(),
            granted: groups
                .iter()
                .map(|g| {
                    let roles = self.group_roles.get(g).cloned().unwrap_or_default();
                    (g.clone(), roles.into_iter().collect())
                })
                .collect(),
        };
        let must =
            |view: &View| view.must_enrol(&self.tenant, company.as_deref(), candidate, self.now);
        let initial = must(&view);
        let mut before = initial;
        let mut counted = Vec::new();
        for i in relevant {
            view.apply(&self.changes[i], &email, company.as_deref());
            let after = must(&view);
            if after && !before {
                counted.push(i);
            }
            before = after;
        }
        for i in counted {
            self.counts[i] += 1;
        }
        if before && !initial {
            self.total += 1;
        }
    }

    /// How many have to enrol because of each change (in the changes' order), and in all.
    pub fn finish(self) -> (Vec<u64>, u64) {
        (self.counts, self.total)
    }
}

/// One user's view of the tenant while the changes are played.
struct View {
    settings: AuthSettings,
    enforce: bool,
    direct: BTreeSet<String>,
    groups: BTreeSet<String>,
    requires: HashMap<String, bool>,
    granted: HashMap<String, BTreeSet<String>>,
}

impl View {
    fn apply(&mut self, change: &Change, email: &str, company: Option<&str>) {
        let name = lower(&change.name);
        let mine = |other: &str| other.eq_ignore_ascii_case(email);
        match &change.action {
            Action::SetTwofa(on) => self.settings.enabled = *on,
            Action::SetPrimary(method) => self.settings.primary = *method,
            Action::SetSecondary(method) => self.settings.secondary = *method,
            Action::SetGracePeriod(secs) => self.settings.grace_period_secs = *secs,
            Action::SetMembersMayDeactivate(may) => self.settings.members_may_deactivate = *may,
            Action::SetRememberDeviceDays(days) => self.settings.remember_device_days = *days,
            Action::EnforceMfa(on) if company == Some(name.as_str()) => self.enforce = *on,
            Action::CreateRole { require_2fa } => {
                self.requires.insert(name, *require_2fa);
            }
            Action::Require2fa(on) => {
                self.requires.insert(name, *on);
            }
            Action::DeleteRole => {
                self.direct.remove(&name);
                for roles in self.granted.values_mut() {
                    roles.remove(&name);
                }
            }
            Action::AssignRole(other) if mine(other) => {
                self.direct.insert(name);
            }
            Action::UnassignRole(other) if mine(other) => {
                self.direct.remove(&name);
            }
            Action::CreateGroup => {
                self.granted.entry(name).or_default();
            }
            Action::DeleteGroup => {
                self.groups.remove(&name);
            }
            Action::GrantRole(role) => {
                self.granted.entry(name).or_default().insert(lower(role));
            }
            Action::RevokeRole(role) => {
                self.granted.entry(name).or_default().remove(&lower(role));
            }
            Action::AddMember(other) if mine(other) => {
                self.groups.insert(name);
            }
            Action::RemoveMember(other) if mine(other) => {
                self.groups.remove(&name);
            }
            _ => {}
        }
    }

    fn must_enrol(
        &self,
        tenant: &str,
        company: Option<&str>,
        candidate: &Candidate,
        now: i64,
    ) -> bool {
        let requires = |role: &str| self.requires.get(role).copied().unwrap_or(false);
        let mut roles: Vec<RoleFact> = self
            .direct
            .iter()
            .map(|role| RoleFact {
                name: role.clone(),
                via_group: None,
                requires_2fa: requires(role),
            })
            .collect();
        for group in &self.groups {
            for role in self.granted.get(group).into_iter().flatten() {
                roles.push(RoleFact {
                    name: role.clone(),
                    via_group: Some(group.clone()),
                    requires_2fa: requires(role),
                });
            }
        }
        let facts = Facts {
            tenant_name: tenant.to_owned(),
            tenant: self.settings.clone(),
            kind: UserKind::Local,
            enrolled: false,
            reset: false,
            company: company.map(|c| (c.to_owned(), self.enforce)),
            roles,
            grace_started_at: candidate.grace_started_at,
        };
        matches!(
            policy::evaluate(&facts, now).next,
            Next::Enrol | Next::EnrolOrSkip
        )
    }
}
