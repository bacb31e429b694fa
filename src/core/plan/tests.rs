//! The plan of a tenant, unit by unit, without a store.

use serde_json::json;

use crate::core::plan::enrol::{Candidate, EnrolCount};
use crate::core::plan::{
    Action, At, Change, CompanyPolicy, CompanyState, GroupPolicy, GroupState, Pos, RolePolicy,
    RoleState, TenantPolicy, TenantState, plan_tenant,
};
use crate::core::settings::{AuthSettings, Method};

const NOW: i64 = 1_000_000;

fn at<T>(value: T) -> At<T> {
    At {
        value,
        at: Pos { line: 9, column: 3 },
    }
}

fn emails(list: &[&str]) -> Vec<At<String>> {
    list.iter().map(|e| at((*e).to_owned())).collect()
}

/// acme: company sales (2 users) and hr (none), role admin (bob directly), group
/// ops granting admin to dave.
fn state() -> TenantState {
    TenantState {
        name: "acme".into(),
        settings: AuthSettings::default(),
        companies: vec![
            CompanyState {
                name: "hr".into(),
                enforce_mfa: false,
                users: 0,
            },
            CompanyState {
                name: "sales".into(),
                enforce_mfa: false,
                users: 2,
            },
        ],
        roles: vec![RoleState {
            name: "admin".into(),
            require_2fa: false,
            members: vec!["bob@x.io".into()],
        }],
        groups: vec![GroupState {
            name: "ops".into(),
            roles: vec!["admin".into()],
            members: vec!["dave@x.io".into()],
        }],
    }
}

fn section() -> TenantPolicy {
    TenantPolicy {
        name: "ACME".into(),
        ..TenantPolicy::default()
    }
}

fn plan(file: &TenantPolicy, prune: bool) -> Vec<Change> {
    let mut problems = Vec::new();
    let users = ["alice@x.io", "bob@x.io", "dave@x.io"];
    let changes = plan_tenant(
        file,
        Some(&state()),
        &|e| users.contains(&e),
        prune,
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:?}");
    changes
}

fn actions(changes: &[Change]) -> Vec<(String, Action, bool)> {
    changes
        .iter()
        .map(|c| (c.name.clone(), c.action.clone(), c.weakens))
        .collect()
}

#[test]
fn a_section_that_says_what_the_store_has_plans_nothing_even_with_prune() {
    let mut file = section();
    file.settings.twofa = Some(at(false));
    file.companies = Some(vec![
        CompanyPolicy {
            name: "Sales".into(),
            at: Pos::default(),
            enforce_mfa: Some(at(false)),
        },
        CompanyPolicy {
            name: "hr".into(),
            at: Pos::default(),
            enforce_mfa: None,
        },
    ]);
    file.roles = Some(vec![RolePolicy {
        name: "ADMIN".into(),
        at: Pos::default(),
        require_2fa: Some(at(false)),
        members: Some(emails(&["bob@x.io"])),
    }]);
    file.groups = Some(vec![GroupPolicy {
        name: "ops".into(),
        at: Pos::default(),
        roles: Some(vec![at("Admin".to_owned())]),
        members: Some(emails(&["dave@x.io"])),
    }]);
    assert_eq!(plan(&file, true), []);
    // Left out is left alone: an empty section plans nothing either.
    assert_eq!(plan(&section(), true), []);
}

#[test]
fn settings_change_one_field_a_change_and_mark_what_weakens() {
    let mut before = state();
    before.settings.enabled = true;
    before.settings.members_may_deactivate = false;
    let mut file = section();
    file.settings.twofa = Some(at(false));
    file.settings.secondary = Some(at(Some(Method::Email)));
    file.settings.grace_period = Some(at(3600));
    file.settings.members_may_deactivate = Some(at(true));
    file.settings.remember_device_days = Some(at(30));
    let mut problems = Vec::new();
    let changes = plan_tenant(&file, Some(&before), &|_| true, false, &mut problems);
    let weakens: Vec<(Option<&str>, bool)> = changes
        .iter()
        .map(|c| (c.action.field(), c.weakens))
        .collect();
    assert_eq!(
        weakens,
        [
            (Some("twofa"), true),
            (Some("secondary"), true),
            (Some("grace_period"), true),
            (Some("members_may_deactivate"), true),
            (Some("remember_device_days"), false),
        ]
    );
    assert_eq!(changes[1].before, json!("none"));
    assert_eq!(changes[1].after, json!("email"));
    assert_eq!(changes[2].after, json!("1h"));
    // The same method twice is a problem where the file says it.
    let mut same = section();
    same.settings.primary = Some(at(Method::Email));
    same.settings.secondary = Some(At {
        value: Some(Method::Email),
        at: Pos {
            line: 4,
            column: 13,
        },
    });
    let mut problems = Vec::new();
    plan_tenant(&same, Some(&state()), &|_| true, false, &mut problems);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].at,
        Pos {
            line: 4,
            column: 13
        }
    );
}

#[test]
fn prune_removes_per_listed_kind_and_refuses_a_company_with_users() {
    let mut file = section();
    file.companies = Some(Vec::new());
    file.roles = Some(vec![RolePolicy {
        name: "admin".into(),
        at: Pos::default(),
        require_2fa: None,
        members: Some(emails(&["alice@x.io"])),
    }]);
    let changes = plan(&file, true);
    assert_eq!(
        actions(&changes),
        [
            ("hr".into(), Action::DeleteCompany, false),
            ("sales".into(), Action::DeleteCompany, false),
            (
                "admin".into(),
                Action::UnassignRole("bob@x.io".into()),
                false
            ),
            (
                "admin".into(),
                Action::AssignRole("alice@x.io".into()),
                false
            ),
        ]
    );
    assert_eq!(changes[0].refused, None);
    assert!(
        changes[1]
            .refused
            .as_deref()
            .unwrap_or("")
            .contains("2 users")
    );
    // Groups are not listed: left alone. Without prune, nothing is removed.
    assert_eq!(
        actions(&plan(&file, false)),
        [(
            "admin".into(),
            Action::AssignRole("alice@x.io".into()),
            false
        )]
    );
}

#[test]
fn removals_that_lift_a_requirement_weaken() {
    let mut stored = state();
    stored.roles[0].require_2fa = true;
    let mut file = section();
    file.roles = Some(vec![RolePolicy {
        name: "admin".into(),
        at: Pos::default(),
        require_2fa: None,
        members: Some(emails(&[])),
    }]);
    file.groups = Some(vec![GroupPolicy {
        name: "ops".into(),
        at: Pos::default(),
        roles: Some(Vec::new()),
        members: Some(emails(&[])),
    }]);
    let mut problems = Vec::new();
    let changes = plan_tenant(&file, Some(&stored), &|_| true, true, &mut problems);
    assert!(changes.iter().all(|c| c.weakens), "{changes:?}");
    assert_eq!(changes.len(), 3);
}

#[test]
fn members_who_are_not_users_and_roles_nobody_has_are_problems() {
    let mut file = section();
    file.roles = Some(vec![RolePolicy {
        name: "admin".into(),
        at: Pos::default(),
        require_2fa: None,
        members: Some(vec![At {
            value: "zoe@x.io".into(),
            at: Pos {
                line: 5,
                column: 12,
            },
        }]),
    }]);
    file.groups = Some(vec![GroupPolicy {
        name: "night".into(),
        at: Pos::default(),
        roles: Some(vec![At {
            value: "ghost".into(),
            at: Pos {
                line: 8,
                column: 10,
            },
        }]),
        members: None,
    }]);
    let mut problems = Vec::new();
    plan_tenant(&file, Some(&state()), &|_| false, false, &mut problems);
    let places: Vec<Pos> = problems.iter().map(|p| p.at).collect();
    assert_eq!(
        places,
        [
            Pos {
                line: 5,
                column: 12
            },
            Pos {
                line: 8,
                column: 10
            }
        ]
    );
    // A role the file lists is fine for a group, even one the store lacks; a role of
    // the store is not, once --prune removes the roles the file does not list.
    let mut pruned = section();
    pruned.roles = Some(Vec::new());
    pruned.groups = Some(vec![GroupPolicy {
        name: "ops".into(),
        at: Pos::default(),
        roles: Some(vec![at("admin".to_owned())]),
        members: None,
    }]);
    let mut problems = Vec::new();
    plan_tenant(&pruned, Some(&state()), &|_| true, true, &mut problems);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let mut problems = Vec::new();
    plan_tenant(&pruned, Some(&state()), &|_| true, false, &mut problems);
    assert_eq!(problems, []);
}

#[test]
fn a_new_tenant_is_created_first_with_its_settings() {
    let mut file = section();
    file.name = "globex".into();
    file.settings.twofa = Some(at(true));
    let mut problems = Vec::new();
    let changes = plan_tenant(&file, None, &|_| false, false, &mut problems);
    assert_eq!(
        changes.iter().map(|c| c.action.clone()).collect::<Vec<_>>(),
        [Action::CreateTenant, Action::SetTwofa(true)]
    );
}

fn candidate(email: &str, company: Option<&str>) -> Candidate {
    Candidate {
        email: email.into(),
        company: company.map(str::to_owned),
        grace_started_at: None,
    }
}

/// Each change counts the users it makes enrol who did not have to before; the
/// total counts each user once.
#[test]
fn who_must_enrol_is_counted_per_change_and_once_in_all() {
    let mut file = section();
    file.companies = Some(vec![CompanyPolicy {
        name: "sales".into(),
        at: Pos::default(),
        enforce_mfa: Some(at(true)),
    }]);
    file.roles = Some(vec![RolePolicy {
        name: "admin".into(),
        at: Pos::default(),
        require_2fa: Some(at(true)),
        members: Some(emails(&["alice@x.io"])),
    }]);
    let changes = plan(&file, false);
    assert_eq!(
        actions(&changes),
        [
            ("sales".into(), Action::EnforceMfa(true), false),
            ("admin".into(), Action::Require2fa(true), false),
            (
                "admin".into(),
                Action::AssignRole("alice@x.io".into()),
                false
            ),
        ]
    );
    let stored = state();
    let mut count = EnrolCount::new(Some(&stored), &changes, NOW);
    assert!(count.needs_users());
    for user in [
        candidate("alice@x.io", Some("sales")),
        candidate("bob@x.io", None),
        candidate("dave@x.io", None),
        candidate("erin@x.io", Some("hr")),
    ] {
        count.user(&user);
    }
    let (counts, total) = count.finish();
    // alice by sales (the role comes later), bob directly and dave through ops by
    // the requirement; erin by nothing.
    assert_eq!(counts, [1, 2, 0]);
    assert_eq!(total, 3);
    // Turning 2FA on for the tenant counts everyone not already made to enrol.
    let mut on = section();
    on.settings.twofa = Some(at(true));
    let changes = plan(&on, false);
    let mut count = EnrolCount::new(Some(&stored), &changes, NOW);
    count.user(&candidate("erin@x.io", Some("hr")));
    assert_eq!(count.finish(), (vec![1], 1));
    // Taking requirements away makes nobody enrol: no user needs to be read.
    let mut off = section();
    off.companies = Some(vec![CompanyPolicy {
        name: "sales".into(),
        at: Pos::default(),
        enforce_mfa: Some(at(false)),
    }]);
    let changes = plan(&off, false);
    assert!(!EnrolCount::new(Some(&stored), &changes, NOW).needs_users());
}
