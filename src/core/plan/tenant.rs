//! The plan of one tenant's section: the tenant, its settings, companies and roles
//! (each with its direct holders); groups are in `groups.rs`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::core::duration;
use crate::core::plan::groups::groups;
use crate::core::plan::{
    Action, At, Change, CompanyPolicy, CompanyState, Problem, RolePolicy, RoleState, TenantPolicy,
    TenantState, find, method_value,
};
use crate::core::settings::{AuthChange, AuthSettings, Method};

/// The changes that make a tenant match its section of the file (`state` is `None` for
/// a tenant the store does not have yet), in the order they are carried out: the tenant,
/// its settings, then its companies, roles (each with its holders) and groups (each with
/// its roles and members), by name. `user_exists` says whether an email (lower case) is
/// a user of the tenant. Problems of the file that only the store reveals are added to
/// `problems`; the changes are then not to be used.
pub fn plan_tenant(
    file: &TenantPolicy,
    state: Option<&TenantState>,
    user_exists: &dyn Fn(&str) -> bool,
    prune: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Change> {
    let tenant = state.map_or(file.name.as_str(), |s| s.name.as_str());
    let mut changes = Vec::new();
    if state.is_none() {
        changes.push(Change::new(
            tenant,
            tenant,
            Action::CreateTenant,
            Value::Null,
            Value::Null,
        ));
    }
    let before = state.map(|s| s.settings.clone()).unwrap_or_default();
    settings(file, tenant, &before, &mut changes, problems);
    let empty = TenantState {
        name: tenant.to_owned(),
        settings: before,
        companies: Vec::new(),
        roles: Vec::new(),
        groups: Vec::new(),
    };
    let state = state.unwrap_or(&empty);
    for member in members_named(file) {
        if !user_exists(&member.value) {
            problems.push(Problem::new(
                member.at,
                format!("{} is not a user of tenant {tenant}", member.value),
                format!(
                    "the email of a user of the tenant; a policy never adds users: add one with `mfactl user add {} --tenant {tenant}` first",
                    member.value
                ),
            ));
        }
    }
    companies(file, state, prune, &mut changes);
    let requires = |role: &str| -> bool {
        let in_file = file
            .roles
            .as_deref()
            .and_then(|roles| find(roles, role, |r| &r.name))
            .and_then(|r| r.require_2fa.as_ref().map(|v| v.value));
        let stored = find(&state.roles, role, |r| &r.name).is_some_and(|r| r.require_2fa);
        in_file.unwrap_or(false) || stored
    };
    roles(file, state, prune, &requires, &mut changes);
    groups(file, state, prune, &requires, &mut changes, problems);
    changes
}

/// Every member a tenant's section names, roles' and groups'.
pub fn members_named(file: &TenantPolicy) -> impl Iterator<Item = &At<String>> {
    let roles = file
        .roles
        .iter()
        .flatten()
        .flat_map(|r| r.members.iter().flatten());
    let groups = file
        .groups
        .iter()
        .flatten()
        .flat_map(|g| g.members.iter().flatten());
    roles.chain(groups)
}

fn settings(
    file: &TenantPolicy,
    tenant: &str,
    before: &AuthSettings,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let given = &file.settings;
    let change = AuthChange {
        enabled: given.twofa.as_ref().map(|v| v.value),
        primary: given.primary.as_ref().map(|v| v.value),
        secondary: given.secondary.as_ref().map(|v| v.value),
        grace_period_secs: given.grace_period.as_ref().map(|v| v.value),
        members_may_deactivate: given.members_may_deactivate.as_ref().map(|v| v.value),
        remember_device_days: given.remember_device_days.as_ref().map(|v| v.value),
    };
    let after = match before.apply(&change) {
        Ok(after) => after,
        Err(e) => {
            let at = given
                .secondary
                .as_ref()
                .map(|v| v.at)
                .or(given.primary.as_ref().map(|v| v.at))
                .unwrap_or(file.at);
            problems.push(Problem::new(
                at,
                format!("tenant {tenant}: {}", e.message),
                "a primary and a secondary method that differ (secondary = \"none\" for none)",
            ));
            return;
        }
    };
    let email_added = !before.offers_email() && after.offers_email();
    let mut push = |action: Action, b: Value, a: Value, weakens: bool| {
        changes.push(Change::new(tenant, tenant, action, b, a).weakening(weakens));
    };
    if after.enabled != before.enabled {
        push(
            Action::SetTwofa(after.enabled),
            json!(before.enabled),
            json!(after.enabled),
            !after.enabled,
        );
    }
    if after.primary != before.primary {
        push(
            Action::SetPrimary(after.primary),
            json!(before.primary.as_str()),
            json!(after.primary.as_str()),
            email_added && after.primary == Method::Email,
        );
    }
    if after.secondary != before.secondary {
        push(
            Action::SetSecondary(after.secondary),
            json!(method_value(before.secondary)),
            json!(method_value(after.secondary)),
            email_added && after.secondary == Some(Method::Email),
        );
    }
    if after.grace_period_secs != before.grace_period_secs {
        push(
            Action::SetGracePeriod(after.grace_period_secs),
            json!(duration::format(before.grace_period_secs)),
            json!(duration::format(after.grace_period_secs)),
            after.grace_period_secs > before.grace_period_secs,
        );
    }
    if after.members_may_deactivate != before.members_may_deactivate {
        push(
            Action::SetMembersMayDeactivate(after.members_may_deactivate),
            json!(before.members_may_deactivate),
            json!(after.members_may_deactivate),
            after.members_may_deactivate,
        );
    }
    if after.remember_device_days != before.remember_device_days {
        // A device remembered longer skips the second factor for longer.
        let longer = match (before.remember_device_days, after.remember_device_days) {
            (0, _) => true,
            (_, 0) => false,
            (b, a) => a > b,
        };
        push(
            Action::SetRememberDeviceDays(after.remember_device_days),
            json!(before.remember_device_days),
            json!(after.remember_device_days),
            longer,
        );
    }
}

fn companies(file: &TenantPolicy, state: &TenantState, prune: bool, changes: &mut Vec<Change>) {
    let Some(listed) = &file.companies else {
        return;
    };
    let tenant = state.name.as_str();
    let mut names: Vec<(String, Option<&CompanyPolicy>, Option<&CompanyState>)> = Vec::new();
    for company in listed {
        names.push((
            company.name.clone(),
            Some(company),
            find(&state.companies, &company.name, |c| &c.name),
        ));
    }
    for stored in &state.companies {
        if find(listed, &stored.name, |c| &c.name).is_none() {
            names.push((stored.name.clone(), None, Some(stored)));
        }
    }
    names.sort_by_key(|(name, _, _)| name.to_ascii_lowercase());
    for (name, wanted, stored) in names {
        match (wanted, stored) {
            (Some(wanted), None) => {
                let enforce = wanted.enforce_mfa.as_ref().is_some_and(|v| v.value);
                changes.push(Change::new(
                    tenant,
                    &name,
                    Action::CreateCompany {
                        enforce_mfa: enforce,
                    },
                    Value::Null,
                    json!({ "enforce_mfa": enforce }),
                ));
            }
            (Some(wanted), Some(stored)) => {
                if let Some(enforce) = wanted.enforce_mfa.as_ref().map(|v| v.value)
                    && enforce != stored.enforce_mfa
                {
                    changes.push(
                        Change::new(
                            tenant,
                            &stored.name,
                            Action::EnforceMfa(enforce),
                            json!(stored.enforce_mfa),
                            json!(enforce),
                        )
                        .weakening(!enforce),
                    );
                }
            }
            (None, Some(stored)) if prune => {
                let mut change = Change::new(
                    tenant,
                    &stored.name,
                    Action::DeleteCompany,
                    json!({ "enforce_mfa": stored.enforce_mfa }),
                    Value::Null,
                );
                if stored.users > 0 {
                    let users = if stored.users == 1 {
                        "1 user still belongs".to_owned()
                    } else {
                        format!("{} users still belong", stored.users)
                    };
                    change.refused =
                        Some(format!("{users} to it, and a policy never removes users"));
                }
                changes.push(change);
            }
            _ => {}
        }
    }
}

/// Emails to add and to remove (the latter only with `prune`), each sorted.
pub(super) fn member_diff(
    wanted: Option<&Vec<At<String>>>,
    stored: &[String],
    prune: bool,
) -> (Vec<String>, Vec<String>) {
    let Some(wanted) = wanted else {
        return (Vec::new(), Vec::new());
    };
    let wanted: BTreeSet<&str> = wanted.iter().map(|m| m.value.as_str()).collect();
    let stored_set: BTreeSet<&str> = stored.iter().map(String::as_str).collect();
    let add = wanted
        .difference(&stored_set)
        .map(|s| (*s).to_owned())
        .collect();
    let remove = if prune {
        stored_set
            .difference(&wanted)
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        Vec::new()
    };
    (add, remove)
}

fn roles(
    file: &TenantPolicy,
    state: &TenantState,
    prune: bool,
    requires: &dyn Fn(&str) -> bool,
    changes: &mut Vec<Change>,
) {
    let Some(listed) = &file.roles else {
        return;
    };
    let tenant = state.name.as_str();
    let mut names: Vec<(String, Option<&RolePolicy>, Option<&RoleState>)> = listed
        .iter()
        .map(|r| {
            (
                r.name.clone(),
                Some(r),
                find(&state.roles, &r.name, |s| &s.name),
            )
        })
        .collect();
    for stored in &state.roles {
        if find(listed, &stored.name, |r| &r.name).is_none() {
            names.push((stored.name.clone(), None, Some(stored)));
        }
    }
    names.sort_by_key(|(name, _, _)| name.to_ascii_lowercase());
    for (name, wanted, stored) in names {
        let Some(wanted) = wanted else {
            if prune && let Some(stored) = stored {
                changes.push(
                    Change::new(
                        tenant,
                        &stored.name,
                        Action::DeleteRole,
                        json!({ "require_2fa": stored.require_2fa }),
                        Value::Null,
                    )
                    .weakening(stored.require_2fa),
                );
            }
            continue;
        };
        let name = stored.map_or(name, |s| s.name.clone());
        match stored {
            None => {
                let require = wanted.require_2fa.as_ref().is_some_and(|v| v.value);
                changes.push(Change::new(
                    tenant,
                    &name,
                    Action::CreateRole {
                        require_2fa: require,
                    },
                    Value::Null,
                    json!({ "require_2fa": require }),
                ));
            }
            Some(stored) => {
                if let Some(require) = wanted.require_2fa.as_ref().map(|v| v.value)
                    && require != stored.require_2fa
                {
                    changes.push(
                        Change::new(
                            tenant,
                            &name,
                            Action::Require2fa(require),
                            json!(stored.require_2fa),
                            json!(require),
                        )
                        .weakening(!require),
                    );
                }
            }
        }
        let stored_members = stored.map_or(&[][..], |s| s.members.as_slice());
        let (add, remove) = member_diff(wanted.members.as_ref(), stored_members, prune);
        let weakens = requires(&name);
        for email in remove {
            changes.push(
                Change::new(
                    tenant,
                    &name,
                    Action::UnassignRole(email.clone()),
                    json!(email),
                    Value::Null,
                )
                .weakening(weakens),
            );
        }
        for email in add {
            changes.push(Change::new(
                tenant,
                &name,
                Action::AssignRole(email.clone()),
                Value::Null,
                json!(email),
            ));
        }
    }
}
