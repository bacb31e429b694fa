//! `mfactl role …` and `mfactl group …`

use crate::support::Env;

#[test]
fn roles_reach_users_directly_and_through_groups() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com"]);
    env.ok(&["role", "create", "admin"]);
    env.fails(&["role", "create", "admin"], 8);
    let required = env.json(&["role", "require-2fa", "admin"]);
    assert_eq!(required["requires_2fa"], true);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    env.fails(&["role", "assign", "admin", "alice@example.com"], 8);
    env.ok(&["group", "create", "ops"]);
    env.fails(&["group", "create", "ops"], 8);
    env.ok(&["group", "add-member", "ops", "bob@example.com"]);
    env.fails(&["group", "add-member", "ops", "bob@example.com"], 8);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    env.fails(&["group", "grant-role", "ops", "admin"], 8);
    let bob = env.json(&["user", "show", "bob@example.com"]);
    assert_eq!(bob["roles"][0]["name"], "admin");
    assert_eq!(bob["roles"][0]["via_group"], "ops");
    assert_eq!(bob["groups"][0], "ops");
    let admins = env.json(&["user", "list", "--role", "admin"]);
    assert_eq!(admins.as_array().unwrap().len(), 2);
    let roles = env.json(&["role", "list"]);
    assert_eq!(roles[0]["users"], 2);
    // Lifting the requirement weakens protection: it is confirmed.
    env.fails(&["role", "require-2fa", "admin", "--off"], 4);
    assert_eq!(
        env.json(&["role", "require-2fa", "admin", "--off", "--yes"])["requires_2fa"],
        false
    );
}

#[test]
fn unknown_names_are_not_found() {
    let env = Env::with_acme();
    env.ok(&["role", "create", "admin"]);
    env.ok(&["group", "create", "ops"]);
    env.fails(&["role", "assign", "nope", "alice@example.com"], 7);
    env.fails(&["role", "assign", "admin", "nobody@example.com"], 7);
    env.fails(&["role", "require-2fa", "nope"], 7);
    env.fails(&["role", "delete", "nope", "--yes"], 7);
    env.fails(&["group", "add-member", "nope", "alice@example.com"], 7);
    env.fails(&["group", "grant-role", "ops", "nope"], 7);
    env.fails(&["group", "grant-role", "nope", "admin"], 7);
    env.fails(&["user", "list", "--role", "nope"], 7);
    env.fails(&["role", "create", "x'; DROP TABLE roles;--"], 2);
}

#[test]
fn deleting_a_role_needs_confirmation_and_removes_it_from_holders() {
    let env = Env::with_acme();
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    env.fails(&["role", "delete", "admin"], 4);
    env.ok(&["role", "delete", "admin", "--yes"]);
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["roles"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
