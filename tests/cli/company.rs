//! `mfactl company …`

use crate::support::{Env, emails};

#[test]
fn create_list_show_delete() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let created = env.json(&["company", "create", "sales", "--enforce-mfa"]);
    assert_eq!(created["slug"], "sales");
    assert_eq!(created["tenant"], "acme");
    assert_eq!(created["enforce_mfa"], true);
    env.ok(&["company", "create", "ops", "--tenant", "acme"]);
    let list = env.json(&["company", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(env.json(&["company", "show", "ops"])["enforce_mfa"], false);
    env.fails(&["company", "delete", "ops"], 4);
    env.ok(&["company", "delete", "ops", "--yes"]);
    env.fails(&["company", "show", "ops"], 7);
    env.fails(&["company", "create", "sales"], 8);
    env.fails(&["company", "create", "x", "--tenant", "nope"], 7);
    env.fails(&["company", "create", "bad slug"], 2);
}

#[test]
fn deleting_a_company_deletes_its_users() {
    let env = Env::with_acme();
    env.ok(&["company", "delete", "sales", "--yes"]);
    env.fails(&["user", "show", "alice@example.com"], 7);
}

#[test]
fn enforce_mfa_dry_run_lists_local_users_who_must_enrol_and_changes_nothing() {
    let env = Env::with_acme();
    env.ok(&[
        "user",
        "add",
        "sso@example.com",
        "--company",
        "sales",
        "--sso",
    ]);
    let before = env.snapshot();
    let dry = env.json(&["company", "enforce-mfa", "sales", "--dry-run"]);
    assert_eq!(before, env.snapshot(), "dry run wrote to the store");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["changed"], false, "a dry run changes nothing");
    assert_eq!(dry["would_change"], true);
    let emails = emails(&dry["must_enrol"]);
    assert_eq!(emails, ["alice@example.com"], "SSO users are not affected");
    assert_eq!(
        env.json(&["company", "show", "sales"])["enforce_mfa"],
        false
    );
}

#[test]
fn enforce_mfa_on_and_off() {
    let env = Env::with_acme();
    let on = env.json(&["company", "enforce-mfa", "sales"]);
    assert_eq!(on["enforce_mfa"], true);
    assert_eq!(on["changed"], true);
    assert_eq!(
        env.json(&["company", "enforce-mfa", "sales"])["changed"],
        false
    );
    env.fails(&["company", "enforce-mfa", "sales", "--off"], 4);
    let off = env.json(&["company", "enforce-mfa", "sales", "--off", "--yes"]);
    assert_eq!(off["enforce_mfa"], false);
    let actions = env.actions("company:acme/sales");
    assert_eq!(
        actions,
        [
            "company.create",
            "company.enforce_mfa",
            "company.enforce_mfa"
        ]
    );
    env.fails(&["company", "enforce-mfa", "nope"], 7);
}

/// Who must enrol is the policy's call: with email codes as the tenant's primary method
/// nobody has to enrol an app, until a company's enforcement rules email out (SPEC §1):
/// then the list names them, as required before by the tenant. An enrolled user has
/// nothing to enrol.
#[test]
fn enforce_mfa_dry_run_asks_the_policy_who_must_enrol() {
    let env = Env::with_acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--primary",
        "email",
    ]);
    let status = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(status["mfa"]["next_sign_in"], "verify", "{status}");
    let dry = env.json(&["company", "enforce-mfa", "sales", "--dry-run"]);
    let listed = &dry["must_enrol"][0];
    assert_eq!(listed["email"], "alice@example.com", "{dry}");
    assert_eq!(
        listed["already_required"], true,
        "the tenant required it before"
    );
    env.ok(&["tenant", "set-auth", "acme", "--primary", "totp"]);
    let dry = env.json(&["company", "enforce-mfa", "sales", "--dry-run"]);
    assert_eq!(dry["must_enrol"][0]["email"], "alice@example.com", "{dry}");
    env.enrol("alice@example.com", crate::support::T0);
    let dry = env.json(&["company", "enforce-mfa", "sales", "--dry-run"]);
    assert_eq!(dry["must_enrol"], serde_json::json!([]), "{dry}");
}
