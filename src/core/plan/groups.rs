//! The plan of a tenant's groups: each made, its roles granted and revoked (a role
//! must be in the file or the store), its members added and removed.

use serde_json::{Value, json};

use crate::core::plan::tenant::member_diff;
use crate::core::plan::{
    Action, At, Change, GroupPolicy, GroupState, Problem, TenantPolicy, TenantState, find, same,
};

pub(super) fn groups(
    file: &TenantPolicy,
    state: &TenantState,
    prune: bool,
    requires: &dyn Fn(&str) -> bool,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let Some(listed) = &file.groups else {
        return;
    };
    let tenant = state.name.as_str();
    let mut names: Vec<(String, Option<&GroupPolicy>, Option<&GroupState>)> = listed
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                Some(g),
                find(&state.groups, &g.name, |s| &s.name),
            )
        })
        .collect();
    for stored in &state.groups {
        if find(listed, &stored.name, |g| &g.name).is_none() {
            names.push((stored.name.clone(), None, Some(stored)));
        }
    }
    names.sort_by_key(|(name, _, _)| name.to_ascii_lowercase());
    for (name, wanted, stored) in names {
        let Some(wanted) = wanted else {
            if prune && let Some(stored) = stored {
                let weakens =
                    stored.roles.iter().any(|r| requires(r)) && !stored.members.is_empty();
                changes.push(
                    Change::new(
                        tenant,
                        &stored.name,
                        Action::DeleteGroup,
                        json!({ "roles": stored.roles, "members": stored.members.len() }),
                        Value::Null,
                    )
                    .weakening(weakens),
                );
            }
            continue;
        };
        let name = stored.map_or(name, |s| s.name.clone());
        if stored.is_none() {
            changes.push(Change::new(
                tenant,
                &name,
                Action::CreateGroup,
                Value::Null,
                json!({}),
            ));
        }
        let context = Context {
            file,
            state,
            prune,
            requires,
        };
        let wanted_roles = grants(&context, &name, wanted, stored, changes, problems);
        let stored_members = stored.map_or(&[][..], |s| s.members.as_slice());
        let (add, remove) = member_diff(wanted.members.as_ref(), stored_members, prune);
        let grants_2fa = stored
            .map_or(&[][..], |s| s.roles.as_slice())
            .iter()
            .chain(wanted_roles.iter().map(|r| &r.value))
            .any(|r| requires(r));
        for email in remove {
            changes.push(
                Change::new(
                    tenant,
                    &name,
                    Action::RemoveMember(email.clone()),
                    json!(email),
                    Value::Null,
                )
                .weakening(grants_2fa),
            );
        }
        for email in add {
            changes.push(Change::new(
                tenant,
                &name,
                Action::AddMember(email.clone()),
                Value::Null,
                json!(email),
            ));
        }
    }
}

/// What the groups of a tenant's section are planned against.
struct Context<'a> {
    file: &'a TenantPolicy,
    state: &'a TenantState,
    prune: bool,
    requires: &'a dyn Fn(&str) -> bool,
}

/// The store's spelling of a role a group may be granted: one in the file, or in the
/// store and not about to be removed by --prune.
fn role_known(context: &Context<'_>, role: &str) -> Option<String> {
    let file = context.file;
    let in_file = file
        .roles
        .as_deref()
        .and_then(|roles| find(roles, role, |r| &r.name));
    let stored = find(&context.state.roles, role, |r| &r.name);
    match (in_file, stored) {
        (_, Some(stored)) if in_file.is_some() || !(context.prune && file.roles.is_some()) => {
            Some(stored.name.clone())
        }
        (Some(in_file), None) => Some(in_file.name.clone()),
        _ => None,
    }
}

/// The grants and revocations of a group's roles; returns the roles it is to have, as
/// the store spells them.
fn grants(
    context: &Context<'_>,
    name: &str,
    wanted: &GroupPolicy,
    stored: Option<&GroupState>,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) -> Vec<At<String>> {
    let tenant = context.state.name.as_str();
    // Roles: named by the store's spelling, each checked.
    let mut wanted_roles: Vec<At<String>> = Vec::new();
    for role in wanted.roles.iter().flatten() {
        match role_known(context, &role.value) {
            Some(stored_name) => wanted_roles.push(At {
                value: stored_name,
                at: role.at,
            }),
            None => problems.push(Problem::new(
                role.at,
                format!(
                    "group {name} is granted role {}, which neither the file nor the store has{}",
                    role.value,
                    if context.prune && context.file.roles.is_some() {
                        " (--prune keeps only the roles the file lists)"
                    } else {
                        ""
                    }
                ),
                format!("a role listed under [tenants.{tenant}.roles], or one the tenant has"),
            )),
        }
    }
    let stored_roles = stored.map_or(&[][..], |s| s.roles.as_slice());
    let lower = |names: &[String]| -> Vec<String> {
        names.iter().map(|n| n.to_ascii_lowercase()).collect()
    };
    let wanted_lower: Option<Vec<At<String>>> = wanted.roles.as_ref().map(|_| {
        wanted_roles
            .iter()
            .map(|r| At {
                value: r.value.to_ascii_lowercase(),
                at: r.at,
            })
            .collect()
    });
    let (grant, revoke) = member_diff(wanted_lower.as_ref(), &lower(stored_roles), context.prune);
    let spelled = |role: &str| -> String {
        stored_roles
            .iter()
            .chain(wanted_roles.iter().map(|r| &r.value))
            .find(|r| same(r, role))
            .cloned()
            .unwrap_or_else(|| role.to_owned())
    };
    let has_members = !stored.is_none_or(|s| s.members.is_empty());
    for role in revoke {
        let role = spelled(&role);
        let weakens = (context.requires)(&role) && has_members;
        changes.push(
            Change::new(
                tenant,
                name,
                Action::RevokeRole(role.clone()),
                json!(role),
                Value::Null,
            )
            .weakening(weakens),
        );
    }
    for role in grant {
        let role = spelled(&role);
        changes.push(Change::new(
            tenant,
            name,
            Action::GrantRole(role.clone()),
            Value::Null,
            json!(role),
        ));
    }
    wanted_roles
}
