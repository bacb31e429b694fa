//! `mfactl role …` and `mfactl group …`

use serde_json::{Value, json};

use crate::support::{Env, T0, emails, require_tool};

#[test]
fn roles_reach_users_directly_and_through_groups() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com"]);
    env.ok(&["role", "create", "admin"]);
    env.fails(&["role", "create", "admin"], 8);
    let required = env.json(&["role", "require-2fa", "admin"]);
    assert_eq!(required["requires_2fa"], true);
    assert_eq!(
        (&required["dry_run"], &required["changed"]),
        (&json!(false), &json!(true))
    );
    assert_eq!(
        env.json(&["role", "require-2fa", "admin"])["changed"],
        false
    );
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

/// How many entries the audit log holds.
fn audit_count(env: &Env) -> u64 {
    env.json(&["audit", "verify"])["entries"].as_u64().unwrap()
}

/// The details of the newest audit entry with this action.
fn last_details(env: &Env, action: &str) -> Value {
    let entries = env.json(&["audit"]);
    entries
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} entry: {entries}"))["details"]
        .clone()
}

/// acme with role admin (requiring 2FA) held by alice directly and by bob through
/// group ops, and carol with no role.
fn with_admins() -> Env {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com", "--no-input"]);
    env.ok(&["user", "add", "carol@example.com", "--no-input"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "add-member", "ops", "bob@example.com"]);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    env
}

fn requires_2fa(env: &Env, email: &str) -> bool {
    env.json(&["user", "show", email])["mfa"]["required"]
        .as_bool()
        .unwrap()
}

#[test]
fn group_list_and_show_name_members_and_roles() {
    let env = with_admins();
    env.ok(&["group", "create", "empty"]);
    env.ok(&["group", "add-member", "ops", "carol@example.com"]);
    let groups = env.json(&["group", "list"]);
    assert_eq!(
        groups,
        json!([
            { "name": "empty", "tenant": "acme", "members": 0, "roles": [] },
            { "name": "ops", "tenant": "acme", "members": 2, "roles": ["admin"] },
        ])
    );
    let table = env.ok(&["group", "list"]);
    assert!(table.starts_with("GROUP "), "{table}");
    assert!(table.contains("ops    acme    2        admin"), "{table}");
    let ops = env.json(&["group", "show", "ops"]);
    assert_eq!(
        ops,
        json!({
            "name": "ops",
            "tenant": "acme",
            "roles": [{ "name": "admin", "requires_2fa": true }],
            "members": [{ "email": "bob@example.com" }, { "email": "carol@example.com" }],
        })
    );
    let text = env.ok(&["group", "show", "ops"]);
    assert!(text.contains("admin (requires 2FA)"), "{text}");
    assert!(
        text.contains("  bob@example.com\n  carol@example.com\n"),
        "{text}"
    );
    assert_eq!(env.json(&["group", "show", "empty"])["members"], json!([]));
    env.fails(&["group", "show", "nope"], 7);
    let none = Env::with_acme();
    assert_eq!(none.json(&["group", "list"]), json!([]));
    assert!(none.ok(&["group", "list"]).contains("No groups yet"));
}

#[test]
fn role_show_lists_holders_directly_and_through_groups() {
    let env = with_admins();
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    let admin = env.json(&["role", "show", "admin"]);
    assert_eq!(admin["requires_2fa"], true);
    assert_eq!(admin["users"], 2);
    assert_eq!(admin["groups"], json!(["ops"]));
    assert_eq!(
        admin["holders"],
        json!([
            { "email": "alice@example.com", "via_group": null },
            { "email": "alice@example.com", "via_group": "ops" },
            { "email": "bob@example.com", "via_group": "ops" },
        ])
    );
    let text = env.ok(&["role", "show", "admin"]);
    assert!(text.contains("bob@example.com (via group ops)"), "{text}");
    env.ok(&["role", "create", "viewer"]);
    assert_eq!(env.json(&["role", "show", "viewer"])["holders"], json!([]));
    assert!(
        env.ok(&["role", "show", "viewer"])
            .contains("held by no one")
    );
    env.fails(&["role", "show", "nope"], 7);
}

#[test]
fn removing_a_grant_that_is_not_there_is_not_found_and_names_both() {
    let env = with_admins();
    env.ok(&["role", "create", "viewer"]);
    let run = env.fails(&["group", "remove-member", "ops", "carol@example.com"], 7);
    assert!(
        run.stderr
            .contains("carol@example.com is not a member of group ops"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("mfactl group show ops"),
        "{}",
        run.stderr
    );
    // bob holds admin, but only through ops: unassigning it says how to take it.
    let run = env.fails(&["role", "unassign", "admin", "bob@example.com"], 7);
    assert!(
        run.stderr
            .contains("bob@example.com does not hold role admin directly"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("mfactl group remove-member ops bob@example.com"),
        "{}",
        run.stderr
    );
    let run = env.fails(&["role", "unassign", "viewer", "carol@example.com"], 7);
    assert!(
        run.stderr.contains("mfactl role show viewer"),
        "{}",
        run.stderr
    );
    let run = env.fails(&["group", "revoke-role", "ops", "viewer"], 7);
    assert!(
        run.stderr.contains("group ops does not have role viewer"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("mfactl group show ops"),
        "{}",
        run.stderr
    );
    let run = env.fails(&["group", "revoke-role", "ops", "viewer", "--json"], 7);
    assert_eq!(run.error_json()["error"]["kind"], "not_found");
    env.fails(&["group", "remove-member", "nope", "bob@example.com"], 7);
    env.fails(&["group", "remove-member", "ops", "nobody@example.com"], 7);
    env.fails(&["group", "revoke-role", "ops", "nope"], 7);
    env.fails(&["role", "unassign", "nope", "alice@example.com"], 7);
    env.fails(&["group", "delete", "nope", "--yes"], 7);
    env.fails(&["user", "delete", "nobody@example.com", "--yes"], 7);
}

#[test]
fn deleting_a_role_or_group_still_granted_needs_yes_without_a_terminal() {
    let env = with_admins();
    let run = env.fails(&["role", "delete", "admin"], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    let run = env.fails(&["group", "delete", "ops"], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(run.stderr.contains("admin"), "{}", run.stderr);
    let run = env.fails(&["group", "delete", "ops", "--json"], 4);
    assert_eq!(run.error_json()["error"]["kind"], "input_required");
}

#[test]
fn role_unassign_lifts_the_requirement_and_the_audit_entry_says_so() {
    let env = with_admins();
    assert!(requires_2fa(&env, "alice@example.com"));
    let out = env.ok(&["role", "unassign", "admin", "alice@example.com", "--yes"]);
    assert!(
        out.contains("alice@example.com no longer needs 2FA from role admin"),
        "{out}"
    );
    assert!(!requires_2fa(&env, "alice@example.com"));
    let details = last_details(&env, "role.unassign");
    assert_eq!(details["role"], "admin");
    assert_eq!(details["lifted_2fa_requirement"], true);
    assert_eq!(
        details["lifted"],
        json!([{ "role": "admin", "emails": ["alice@example.com"] }])
    );
    assert_eq!(
        env.json(&["role", "show", "admin"])["holders"],
        json!([{ "email": "bob@example.com", "via_group": "ops" }])
    );
    assert_eq!(
        env.actions("alice@example.com").last().unwrap(),
        "role.unassign"
    );
}

#[test]
fn a_role_still_held_another_way_is_not_reported_as_lifted() {
    let env = with_admins();
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    let out = env.json(&["role", "unassign", "admin", "alice@example.com"]);
    assert_eq!(out["lifted_2fa_requirement"], false);
    assert_eq!(
        last_details(&env, "role.unassign")["lifted_2fa_requirement"],
        false
    );
    assert!(requires_2fa(&env, "alice@example.com"));
    // A role that does not require 2FA lifts nothing either.
    env.ok(&["role", "create", "viewer"]);
    env.ok(&["role", "assign", "viewer", "carol@example.com"]);
    let out = env.json(&["role", "unassign", "viewer", "carol@example.com"]);
    assert_eq!(out["lifted_2fa_requirement"], false);
    assert_eq!(out["lifted"], json!([]));
}

#[test]
fn group_remove_member_lifts_the_roles_held_only_through_the_group() {
    let env = with_admins();
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    // alice also holds admin directly: removing her from ops lifts nothing.
    let alice = env.json(&["group", "remove-member", "ops", "alice@example.com"]);
    assert_eq!(alice["lifted_2fa_requirement"], false);
    assert!(requires_2fa(&env, "alice@example.com"));
    let out = env.ok(&["group", "remove-member", "ops", "bob@example.com", "--yes"]);
    assert!(
        out.contains("Removed bob@example.com from group ops."),
        "{out}"
    );
    assert!(
        out.contains("bob@example.com no longer needs 2FA from role admin"),
        "{out}"
    );
    assert!(!requires_2fa(&env, "bob@example.com"));
    let details = last_details(&env, "group.remove_member");
    assert_eq!(details["group"], "ops");
    assert_eq!(
        details["lifted"],
        json!([{ "role": "admin", "emails": ["bob@example.com"] }])
    );
    assert_eq!(env.json(&["group", "show", "ops"])["members"], json!([]));
}

#[test]
fn group_revoke_role_lifts_it_for_the_members_without_another_way() {
    let env = with_admins();
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    env.ok(&["group", "add-member", "ops", "carol@example.com"]);
    let out = env.ok(&["group", "revoke-role", "ops", "admin", "--yes"]);
    assert!(
        out.contains("2 users no longer need 2FA from role admin"),
        "{out}"
    );
    assert!(out.contains("bob@example.com, carol@example.com"), "{out}");
    let details = last_details(&env, "group.revoke_role");
    assert_eq!(details["role"], "admin");
    assert_eq!(details["lifted_2fa_requirement"], true);
    assert_eq!(
        details["lifted"],
        json!([{ "role": "admin", "emails": ["bob@example.com", "carol@example.com"] }])
    );
    assert!(requires_2fa(&env, "alice@example.com"));
    assert!(!requires_2fa(&env, "bob@example.com"));
    assert_eq!(env.json(&["group", "show", "ops"])["roles"], json!([]));
    assert_eq!(env.json(&["role", "show", "admin"])["users"], 1);
}

#[test]
fn group_delete_takes_its_roles_from_its_members() {
    let env = with_admins();
    let out = env.json(&["group", "delete", "ops", "--yes"]);
    assert_eq!(out["deleted"], "ops");
    assert_eq!(out["members"], 1);
    assert_eq!(out["lifted_2fa_requirement"], true);
    let details = last_details(&env, "group.delete");
    assert_eq!(details["roles"], json!(["admin"]));
    assert_eq!(
        details["lifted"],
        json!([{ "role": "admin", "emails": ["bob@example.com"] }])
    );
    let bob = env.json(&["user", "show", "bob@example.com"]);
    assert_eq!(bob["groups"], json!([]));
    assert_eq!(bob["roles"], json!([]));
    assert_eq!(bob["mfa"]["required"], false);
    assert_eq!(env.json(&["group", "list"]), json!([]));
    env.fails(&["group", "delete", "ops", "--yes"], 7);
    env.ok(&["audit", "verify"]);
}

#[test]
fn role_delete_lifts_the_requirement_of_every_holder() {
    let env = with_admins();
    let out = env.ok(&["role", "delete", "admin", "--yes"]);
    assert!(
        out.contains("2 users no longer need 2FA from role admin"),
        "{out}"
    );
    let details = last_details(&env, "role.delete");
    assert_eq!(details["lifted_2fa_requirement"], true);
    assert_eq!(
        details["lifted"],
        json!([{ "role": "admin", "emails": ["alice@example.com", "bob@example.com"] }])
    );
    assert!(!requires_2fa(&env, "bob@example.com"));
    assert_eq!(env.json(&["group", "show", "ops"])["roles"], json!([]));
}

#[test]
fn require_2fa_dry_run_lists_who_would_enrol_and_changes_nothing() {
    require_tool("faketime", "faketime");
    let env = with_admins();
    env.ok(&["role", "require-2fa", "admin", "--off", "--yes"]);
    env.ok(&["user", "add", "sso@example.com", "--sso"]);
    env.ok(&["role", "assign", "admin", "sso@example.com"]);
    env.ok(&["user", "add", "dave@example.com", "--no-input"]);
    env.ok(&["role", "assign", "admin", "dave@example.com"]);
    env.enrol("dave@example.com", T0);
    let entries = audit_count(&env);
    let before = env.snapshot();
    let plan = env.json(&["role", "require-2fa", "admin", "--dry-run"]);
    assert_eq!(before, env.snapshot(), "a dry run changed the store");
    assert_eq!(audit_count(&env), entries, "a dry run wrote an audit entry");
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["changed"], false, "a dry run changes nothing");
    assert_eq!(plan["would_change"], true);
    assert_eq!(plan["requires_2fa"], true);
    // SSO users sign in elsewhere; dave is enrolled; carol does not hold the role.
    assert_eq!(
        emails(&plan["must_enrol"]),
        ["alice@example.com", "bob@example.com"]
    );
    assert_eq!(plan["must_enrol"][0]["already_required"], false);
    assert_eq!(
        env.json(&["role", "show", "admin"])["requires_2fa"],
        false,
        "the role still does not require 2FA"
    );
    let text = env.ok(&["role", "require-2fa", "admin", "--dry-run"]);
    assert!(text.starts_with("Dry run:"), "{text}");
    assert!(
        text.contains("  alice@example.com\n  bob@example.com\n"),
        "{text}"
    );
    // Once required, a dry run would change nothing and lists the same users.
    env.ok(&["role", "require-2fa", "admin"]);
    let again = env.json(&["role", "require-2fa", "admin", "--dry-run"]);
    assert_eq!(again["would_change"], false);
    assert_eq!(emails(&again["must_enrol"]).len(), 2);
    // Lifting it: no one would still have to enrol, and no confirmation is asked.
    let off = env.json(&["role", "require-2fa", "admin", "--off", "--dry-run"]);
    assert_eq!(off["would_change"], true);
    assert_eq!(off["requires_2fa"], false);
    assert_eq!(off["must_enrol"], json!([]));
    env.fails(&["role", "require-2fa", "nope", "--dry-run"], 7);
}

/// Issue 18, design note, the attack: `role unassign`, `group remove-member` and `group
/// revoke-role` took a 2FA requirement away from users with no confirmation, where
/// `role require-2fa --off` asks for one. Now each asks when it lifts a requirement from
/// anyone (without a terminal and without --yes: exit 4 naming --yes, nothing changed),
/// lists who lost it once done, and asks nothing when it lifts nothing.
#[test]
fn taking_a_role_away_that_lifts_2fa_needs_confirmation() {
    let env = with_admins();
    for args in [
        &["role", "unassign", "admin", "alice@example.com"][..],
        &["group", "remove-member", "ops", "bob@example.com"],
        &["group", "revoke-role", "ops", "admin"],
    ] {
        let run = env.fails(args, 4);
        assert!(run.stderr.contains("--yes"), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("no longer need 2FA from role admin"),
            "{args:?}: {}",
            run.stderr
        );
        let mut json = args.to_vec();
        json.push("--json");
        let run = env.fails(&json, 4);
        assert_eq!(run.error_json()["error"]["kind"], "input_required");
    }
    // `group delete` and `role delete` always ask; the question names who would lose it.
    let run = env.fails(&["group", "delete", "ops"], 4);
    assert!(
        run.stderr
            .contains("bob@example.com would no longer need 2FA from role admin"),
        "{}",
        run.stderr
    );
    assert!(requires_2fa(&env, "alice@example.com"));
    assert!(requires_2fa(&env, "bob@example.com"));

    // Lifting nothing asks nothing: a role that requires no 2FA, or one still held
    // another way.
    env.ok(&["role", "create", "viewer"]);
    env.ok(&["role", "assign", "viewer", "carol@example.com"]);
    env.ok(&["role", "unassign", "viewer", "carol@example.com"]);
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    let out = env.json(&["role", "unassign", "admin", "alice@example.com"]);
    assert_eq!(out["lifted_2fa_requirement"], false);
    env.ok(&["group", "add-member", "ops", "carol@example.com"]);
    env.ok(&["role", "assign", "admin", "carol@example.com"]);
    let out = env.json(&["group", "remove-member", "ops", "carol@example.com"]);
    assert_eq!(out["lifted_2fa_requirement"], false);
    assert!(requires_2fa(&env, "carol@example.com"));

    // With --yes it is done, and says from whom it lifted the requirement.
    let out = env.json(&["group", "revoke-role", "ops", "admin", "--yes"]);
    assert_eq!(
        out["lifted"],
        json!([{ "role": "admin", "emails": ["alice@example.com", "bob@example.com"] }])
    );
    assert!(!requires_2fa(&env, "bob@example.com"));
    env.ok(&["group", "grant-role", "ops", "admin"]);
    let out = env.ok(&["group", "remove-member", "ops", "bob@example.com", "-y"]);
    assert!(
        out.contains("bob@example.com no longer needs 2FA from role admin"),
        "{out}"
    );
    let out = env.json(&["role", "unassign", "admin", "carol@example.com", "--yes"]);
    assert_eq!(
        out["lifted"],
        json!([{ "role": "admin", "emails": ["carol@example.com"] }])
    );
}

/// Issue 22, item 11: `role require-2fa --off` and `company enforce-mfa --off` say who
/// no longer needs 2FA from them, as `group revoke-role` does: in the text, the JSON
/// and the question a terminal is asked.
#[test]
fn lifting_a_requirement_names_who_lost_it() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com", "--no-input"]);
    env.ok(&["user", "add", "sso@example.com", "--sso"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    env.ok(&["role", "assign", "admin", "sso@example.com"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "add-member", "ops", "bob@example.com"]);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    let asked = env.fails(&["role", "require-2fa", "admin", "--off"], 4);
    assert!(
        asked
            .stderr
            .contains("2 users would no longer need 2FA from role admin"),
        "{}",
        asked.stderr
    );
    let off = env.json(&["role", "require-2fa", "admin", "--off", "--yes"]);
    assert_eq!(off["lifted_2fa_requirement"], true, "{off}");
    assert_eq!(
        off["lifted"],
        serde_json::json!([{"role": "admin", "emails": ["alice@example.com", "bob@example.com"]}])
    );
    env.ok(&["company", "enforce-mfa", "sales"]);
    let text = env.ok(&["company", "enforce-mfa", "sales", "--off", "--yes"]);
    assert!(
        text.contains("alice@example.com no longer needs 2FA from company sales"),
        "{text}"
    );
    env.ok(&["company", "enforce-mfa", "sales"]);
    let json = env.json(&["company", "enforce-mfa", "sales", "--off", "--yes"]);
    assert_eq!(
        json["lifted"],
        serde_json::json!([{"company": "sales", "emails": ["alice@example.com"]}])
    );
}
