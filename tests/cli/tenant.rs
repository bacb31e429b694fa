//! `mfactl tenant …`

use serde_json::{Value, json};

use crate::support::{Env, SmtpSink, T0, emails, expect, login, outbox_code, require_tool};

#[test]
fn create_list_show_delete() {
    let env = Env::new();
    let created = env.json(&["tenant", "create", "acme"]);
    assert_eq!(created["name"], "acme");
    assert_eq!(created["auth"]["enabled"], false);
    assert_eq!(created["auth"]["primary"], "totp");
    assert_eq!(created["auth"]["secondary"], "none");
    assert_eq!(created["auth"]["grace_period"], "0");
    assert_eq!(created["auth"]["members_may_deactivate"], true);
    assert_eq!(created["auth"]["remember_device_days"], 90);
    env.ok(&["tenant", "create", "globex"]);
    let list = env.json(&["tenant", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme", "globex"]);
    let text = env.ok(&["tenant", "list"]);
    assert!(text.starts_with("TENANT"), "{text}");
    assert!(
        env.ok(&["tenant", "show", "acme"])
            .contains("primary method:")
    );
    env.fails(&["tenant", "delete", "acme"], 4);
    let deleted = env.json(&["tenant", "delete", "acme", "--yes"]);
    assert_eq!(deleted["deleted"], "acme");
    env.fails(&["tenant", "show", "acme"], 7);
}

#[test]
fn duplicate_tenant_is_a_conflict() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let run = env.fails(&["tenant", "create", "ACME"], 8);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
}

#[test]
fn set_auth_stores_all_six_settings_and_prints_them() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let view = env.json(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--primary",
        "totp",
        "--secondary",
        "email",
        "--grace-period",
        "14d",
        "--members-may-deactivate",
        "false",
        "--remember-device-days",
        "30",
    ]);
    let auth = &view["auth"];
    assert_eq!(auth["enabled"], true);
    assert_eq!(auth["secondary"], "email");
    assert_eq!(auth["grace_period"], "14d");
    assert_eq!(auth["grace_period_seconds"], 14 * 86_400);
    assert_eq!(auth["members_may_deactivate"], false);
    assert_eq!(auth["remember_device_days"], 30);
    assert!(
        view["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("weaker factor")),
        "email is the weaker factor: {view}"
    );
    let shown = env.json(&["tenant", "show", "acme"]);
    assert_eq!(shown["auth"], view["auth"]);
    assert_eq!(
        env.json(&["tenant", "set-auth", "acme", "--grace-period", "12h"])["auth"]["grace_period"],
        "12h"
    );
    assert_eq!(
        env.json(&["tenant", "set-auth", "acme", "--grace-period", "90m"])["auth"]["grace_period"],
        "90m"
    );
}

#[test]
fn primary_email_warns_that_it_is_weaker() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let run = env.run(&["tenant", "set-auth", "acme", "--primary", "email"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the email method is the weaker factor"),
        "{}",
        run.stderr
    );
}

#[test]
fn primary_equal_to_secondary_is_a_usage_error_and_changes_nothing() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    env.fails(&["tenant", "set-auth", "acme", "--secondary", "totp"], 2);
    env.ok(&["tenant", "set-auth", "acme", "--secondary", "email"]);
    let run = env.fails(
        &[
            "tenant",
            "set-auth",
            "acme",
            "--primary",
            "email",
            "--enable",
        ],
        2,
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(
        env.json(&["tenant", "show", "acme"])["auth"]["enabled"],
        false
    );
}

#[test]
fn invalid_settings_are_usage_errors() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    for bad in ["14", "1w", "-1d", "0d", "1.5h", "", "99999999999d"] {
        env.fails(&["tenant", "set-auth", "acme", "--grace-period", bad], 2);
    }
    env.fails(
        &[
            "tenant",
            "set-auth",
            "acme",
            "--remember-device-days",
            "366",
        ],
        2,
    );
    env.fails(
        &["tenant", "set-auth", "acme", "--remember-device-days", "-1"],
        2,
    );
    env.fails(&["tenant", "set-auth", "acme", "--primary", "sms"], 2);
    env.fails(
        &[
            "tenant",
            "set-auth",
            "acme",
            "--members-may-deactivate",
            "maybe",
        ],
        2,
    );
    env.fails(&["tenant", "set-auth", "acme", "--enable", "--disable"], 2);
    env.fails(&["tenant", "set-auth", "nope", "--enable"], 7);
}

#[test]
fn turning_2fa_off_needs_confirmation() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    env.ok(&["tenant", "set-auth", "acme", "--enable"]);
    let run = env.fails(&["tenant", "set-auth", "acme", "--disable"], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(
        env.json(&["tenant", "set-auth", "acme", "--disable", "--yes"])["auth"]["enabled"],
        false
    );
}

#[test]
fn bad_tenant_names_are_usage_errors() {
    let env = Env::new();
    let huge = "a".repeat(100_000);
    for bad in [
        "",
        "x'; DROP TABLE tenants;--",
        "a b",
        "-flag-like",
        huge.as_str(),
    ] {
        env.fails(&["tenant", "create", "--", bad], 2);
    }
    // Refused before a store is made: there is none to list.
    assert!(env.snapshot().is_none());
    env.fails(&["tenant", "list"], 1);
}

#[test]
fn set_auth_dry_run_lists_who_would_enrol_and_changes_nothing() {
    require_tool("faketime", "faketime");
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com", "--no-input"]);
    env.ok(&["user", "add", "sso@example.com", "--sso"]);
    env.ok(&["user", "add", "dave@example.com", "--no-input"]);
    env.enrol("dave@example.com", T0);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["role", "assign", "admin", "bob@example.com"]);
    let entries = env.json(&["audit", "verify"])["entries"].clone();
    let before = env.snapshot();
    let args = [
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--grace-period",
        "14d",
        "--dry-run",
    ];
    let plan = env.json(&args);
    assert_eq!(before, env.snapshot(), "a dry run changed the store");
    assert_eq!(env.json(&["audit", "verify"])["entries"], entries);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["changed"], false, "a dry run changes nothing");
    assert_eq!(plan["would_change"], true);
    assert_eq!(
        plan["auth"]["enabled"], true,
        "the settings it would result in"
    );
    assert_eq!(plan["auth"]["grace_period"], "14d");
    // SSO users sign in elsewhere; dave is enrolled.
    let must = &plan["must_enrol"];
    assert_eq!(emails(must), ["alice@example.com", "bob@example.com"]);
    // alice could skip during the grace period; bob's role allows no skipping and
    // already required 2FA of him.
    assert_eq!(must[0]["already_required"], false);
    assert!(must[0]["grace_ends_at"].is_string(), "{must}");
    assert_eq!(must[1]["already_required"], true);
    assert_eq!(must[1]["grace_ends_at"], Value::Null);
    assert_eq!(
        env.json(&["tenant", "show", "acme"])["auth"]["enabled"],
        false
    );
    let text = env.ok(&args);
    assert!(text.starts_with("Dry run: nothing was changed."), "{text}");
    assert!(
        text.contains("  alice@example.com (may skip until "),
        "{text}"
    );
    assert!(
        text.contains("  bob@example.com (already required)\n"),
        "{text}"
    );
    // An email code needs no enrolment: with email as the primary method only bob must,
    // whose role asks for the app and rules email out (SPEC §1).
    let email = env.json(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--primary",
        "email",
        "--dry-run",
    ]);
    assert_eq!(emails(&email["must_enrol"]), ["bob@example.com"]);
    // A dry run asks nothing, even for a change that would weaken protection, and
    // refuses what the real change would refuse.
    env.ok(&["tenant", "set-auth", "acme", "--enable"]);
    let off = env.json(&["tenant", "set-auth", "acme", "--disable", "--dry-run"]);
    assert_eq!(off["auth"]["enabled"], false);
    assert_eq!(emails(&off["must_enrol"]), ["bob@example.com"]);
    let same = env.json(&["tenant", "set-auth", "acme", "--enable", "--dry-run"]);
    assert_eq!(same["would_change"], false);
    env.fails(
        &[
            "tenant",
            "set-auth",
            "acme",
            "--primary",
            "email",
            "--secondary",
            "email",
            "--dry-run",
        ],
        2,
    );
    env.fails(&["tenant", "set-auth", "nope", "--enable", "--dry-run"], 7);
    // The real change reports the same two fields.
    let done = env.json(&["tenant", "set-auth", "acme", "--grace-period", "1d"]);
    assert_eq!(
        (&done["dry_run"], &done["changed"]),
        (&json!(false), &json!(true))
    );
}

/// Issue 18, finding 5, the attack: with no mail server set, the email factor protects
/// nothing: the code lands in the outbox of whoever runs `login`, who reads it there.
/// Choosing email (primary or secondary) must warn while no server is set, saying how to
/// set one, and `tenant show` must say so, in its text and in its JSON; once a server is
/// set, neither does.
#[test]
fn email_without_a_mail_server_is_said_to_protect_nothing() {
    let env = Env::with_acme();
    let said = |text: &str| {
        text.contains("no mail server is set") && text.contains("mfactl mail set --smtp-url")
    };
    // What the warning is about: the password alone signs in with the outbox's code.
    let run = env.run(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--primary",
        "email",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        said(&run.stderr),
        "set-auth --primary email: {}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: "), "{}", run.stderr);
    expect(&login(&env, T0, "alice@example.com", &[]), 4);
    let code = outbox_code(&env);
    let signed_in = login(
        &env,
        T0,
        "alice@example.com",
        &["--method", "email", "--code", &code],
    );
    assert_eq!(expect(&signed_in, 0).json()["factor"], "email");

    let shown = env.json(&["tenant", "show", "acme"]);
    assert_eq!(shown["email_to_outbox"], true, "{shown}");
    assert!(
        shown["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| said(w.as_str().unwrap())),
        "{shown}"
    );
    let text = env.ok(&["tenant", "show", "acme"]);
    assert!(said(&text), "{text}");

    // The secondary method too.
    let run = env.run(&[
        "tenant",
        "set-auth",
        "acme",
        "--primary",
        "totp",
        "--secondary",
        "email",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        said(&run.stderr),
        "set-auth --secondary email: {}",
        run.stderr
    );
    assert_eq!(
        env.json(&["tenant", "show", "acme"])["email_to_outbox"],
        true
    );

    // Without email, or with a server, nothing to say.
    let run = env.run(&["tenant", "set-auth", "acme", "--secondary", "none"]);
    assert!(
        !said(&run.stderr) && !said(&run.stdout),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(
        env.json(&["tenant", "show", "acme"])["email_to_outbox"],
        false
    );
    let sink = SmtpSink::start(&env, "sink", &[]);
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &sink.url(),
        "--from",
        "security@acme.test",
    ]);
    let run = env.run(&["tenant", "set-auth", "acme", "--secondary", "email"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !said(&run.stderr) && !said(&run.stdout),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let shown = env.json(&["tenant", "show", "acme"]);
    assert_eq!(shown["email_to_outbox"], false, "{shown}");
    assert!(!said(&env.ok(&["tenant", "show", "acme"])));
}

/// Issue 22, item 12: a clash of primary and secondary is refused with a hint that
/// suggests only values that work (adding the hint's flag succeeds), and listings and
/// the report say that without --tenant they cover every tenant.
#[test]
fn a_method_clash_hints_what_works_and_listings_cover_every_tenant() {
    let env = Env::with_acme();
    env.ok(&["tenant", "set-auth", "acme", "--secondary", "email"]);
    let run = env.fails(&["tenant", "set-auth", "acme", "--primary", "email"], 2);
    assert!(
        run.stderr
            .contains("add --secondary totp or --secondary none"),
        "{}",
        run.stderr
    );
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--primary",
        "email",
        "--secondary",
        "totp",
    ]);
    let run = env.fails(&["tenant", "set-auth", "acme", "--secondary", "email"], 2);
    assert!(
        run.stderr
            .contains("choose --secondary totp, or --secondary none"),
        "{}",
        run.stderr
    );
    for command in [
        &["report", "--help"][..],
        &["user", "list", "--help"],
        &["company", "list", "--help"],
    ] {
        let help = env.ok(command);
        assert!(
            help.contains("Only this tenant [default: every tenant]"),
            "{help}"
        );
    }
}

/// Issue 22, item 16: a tenant is created with the settings of set-auth in one step, in
/// one transaction; bad settings are refused before anything (not even a store) is made.
#[test]
fn a_tenant_is_created_with_its_settings() {
    let env = Env::new();
    let created = env.json(&[
        "tenant",
        "create",
        "acme",
        "--enable",
        "--primary",
        "email",
        "--secondary",
        "totp",
        "--grace-period",
        "7d",
        "--members-may-deactivate",
        "false",
    ]);
    let auth = &created["auth"];
    assert_eq!(auth["enabled"], true, "{created}");
    assert_eq!(auth["primary"], "email");
    assert_eq!(auth["secondary"], "totp");
    assert_eq!(auth["grace_period"], "7d");
    assert_eq!(auth["members_may_deactivate"], false);
    let actions: Vec<String> = env.actions("tenant:acme");
    assert_eq!(actions, ["tenant.create", "tenant.set_auth"]);
    // Refused whole: nothing is created, not even the store.
    let fresh = Env::new();
    let run = fresh.run(&[
        "tenant",
        "create",
        "beta",
        "--primary",
        "totp",
        "--secondary",
        "totp",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(fresh.snapshot().is_none(), "a refused create made a store");
    let run = fresh.run(&["tenant", "create", "bad name"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(fresh.snapshot().is_none(), "a refused create made a store");
}
