//! `mfactl user …`

use serde_json::json;

use crate::support::{Env, PASSWORD, T0, emails, expect, login, remember, require_tool};

#[test]
fn add_show_and_list() {
    let env = Env::with_acme();
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["email"], "alice@example.com");
    assert_eq!(shown["company"], "sales");
    assert_eq!(shown["kind"], "local");
    assert_eq!(shown["has_password"], true);
    assert_eq!(shown["mfa"]["enrolled"], false);
    env.ok(&["user", "add", "Bob@Example.com", "--sso"]);
    assert_eq!(
        env.json(&["user", "show", "bob@example.com"])["kind"],
        "sso"
    );
    let list = env.json(&["user", "list"]);
    let emails = emails(&list);
    assert_eq!(emails, ["alice@example.com", "bob@example.com"]);
    let sales = env.json(&["user", "list", "--company", "sales"]);
    assert_eq!(sales.as_array().unwrap().len(), 1);
    assert!(env.ok(&["user", "list"]).starts_with("EMAIL"));
}

#[test]
fn generate_password_prints_it_once_and_it_is_stored_hashed() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let added = env.json(&["user", "add", "carol@example.com", "--generate-password"]);
    let password = added["password"].as_str().unwrap().to_owned();
    assert!(password.len() >= 16);
    assert!(
        env.json(&["user", "show", "carol@example.com"])
            .get("password")
            .is_none()
    );
    // The file's bytes, or every row of the database as text.
    let bytes = env.snapshot().unwrap();
    assert!(
        !bytes
            .windows(password.len())
            .any(|w| w == password.as_bytes()),
        "password stored in plain text"
    );
    let hash = env.query_texts("SELECT password_hash FROM users")[0][0]
        .clone()
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[test]
fn without_password_flags_and_no_terminal_a_local_user_has_no_password() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let added = env.json(&["user", "add", "dan@example.com"]);
    assert_eq!(added["has_password"], false);
}

#[test]
fn bad_user_input_is_refused_and_changes_nothing() {
    let env = Env::with_acme();
    let huge = format!("{}@example.com", "a".repeat(100_000));
    for bad in [
        "not-an-email",
        "a@b",
        "@example.com",
        "a b@example.com",
        "",
        huge.as_str(),
        "x'--@example.com'",
    ] {
        env.fails(&["user", "add", "--", bad], 2);
    }
    env.fails(&["user", "add", "alice@example.com"], 8);
    env.fails(&["user", "add", "ALICE@example.com"], 8);
    env.fails(&["user", "add", "e@example.com", "--company", "nope"], 7);
    env.fails(&["user", "add", "e@example.com", "--tenant", "nope"], 7);
    env.fails_with(
        &["user", "add", "e@example.com", "--password-stdin"],
        "short\n",
        2,
    );
    env.fails_with(
        &["user", "add", "e@example.com", "--password-stdin"],
        "\n",
        2,
    );
    let long = format!("{}\n", "p".repeat(100_000));
    env.fails_with(
        &["user", "add", "e@example.com", "--password-stdin"],
        &long,
        2,
    );
    env.fails(
        &[
            "user",
            "add",
            "e@example.com",
            "--sso",
            "--generate-password",
        ],
        2,
    );
    env.fails(&["user", "show", "nobody@example.com"], 7);
    env.fails(&["user", "show", "alice@example.com", "--tenant", ""], 2);
}

#[test]
fn set_password_revokes_devices_and_is_audited() {
    let env = Env::with_acme();
    let run = env.run_with(
        &[
            "user",
            "set-password",
            "alice@example.com",
            "--password-stdin",
            "--json",
        ],
        "a new passphrase\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["devices_revoked"], 0);
    let audit = env.json(&["audit", "--target", "alice@example.com"]);
    assert_eq!(
        audit.as_array().unwrap().last().unwrap()["action"],
        "user.set_password"
    );
    let run = env.fails(&["user", "set-password", "alice@example.com"], 4);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    env.fails_with(
        &[
            "user",
            "set-password",
            "alice@example.com",
            "--password-stdin",
        ],
        "short\n",
        2,
    );
    env.ok(&["user", "add", "sso@example.com", "--sso"]);
    env.fails_with(
        &[
            "user",
            "set-password",
            "sso@example.com",
            "--password-stdin",
        ],
        "long enough pw\n",
        6,
    );
}

#[test]
fn with_several_tenants_a_name_found_once_is_used_and_an_ambiguous_one_lists_candidates() {
    let env = Env::with_acme();
    env.ok(&["tenant", "create", "globex"]);
    env.ok(&["user", "add", "bob@example.com", "--tenant", "globex"]);
    // Unique across tenants: no --tenant needed.
    assert_eq!(
        env.json(&["user", "show", "bob@example.com"])["tenant"],
        "globex"
    );
    env.ok(&["user", "add", "alice@example.com", "--tenant", "globex"]);
    let run = env.fails(&["user", "show", "alice@example.com"], 2);
    assert!(
        run.stderr.contains("acme") && run.stderr.contains("globex"),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.json(&["user", "show", "alice@example.com", "--tenant", "globex"])["tenant"],
        "globex"
    );
    // Creating needs a tenant when there are several.
    let run = env.fails(&["company", "create", "eu"], 2);
    assert!(run.stderr.contains("acme, globex"), "{}", run.stderr);
    let ok = env
        .cmd()
        .args(["company", "create", "eu"])
        .env("MFACTL_TENANT", "globex")
        .output()
        .unwrap();
    assert!(ok.status.success());
}

/// Finding 12: a suggested command quotes the email as a shell would, so pasting it runs
/// that command on that user and nothing else (`x`id`@…` would run `id`).
#[test]
fn suggested_commands_quote_values_for_the_shell() {
    let env = Env::with_acme();
    let email = "x`touch${IFS}pwned`@example.com";
    let added = env.ok(&["user", "add", email]);
    let line = added
        .lines()
        .find(|l| l.contains("set-password"))
        .unwrap()
        .to_owned();
    let start = line.find("mfactl user set-password").unwrap();
    let command = line[start..].trim_end_matches("`.").to_owned();
    // Run the suggested command through bash with `mfactl` replaced by printf: the
    // shell must hand back the email unchanged and run nothing.
    let echoed = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("mfactl() {{ printf '%s' \"$3\"; }}; {command}"))
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&echoed.stdout),
        email.to_lowercase(),
        "{command}"
    );
    assert!(
        !env.path("pwned").exists(),
        "the pasted command ran a subshell"
    );
}

/// The rows of each table that refers to users, for the user with this email.
fn rows_of(env: &Env, email: &str) -> Vec<(&'static str, i64)> {
    assert!(!email.contains('\''));
    [
        "recovery_codes",
        "devices",
        "totp_steps",
        "email_codes",
        "user_roles",
        "group_members",
    ]
    .into_iter()
    .map(|table| {
        let count = env.query_ints(&format!(
            "SELECT count(*) FROM {table} WHERE user_id = \
             (SELECT id FROM users WHERE email = '{email}')"
        ))[0]
            .unwrap();
        (table, count)
    })
    .collect()
}

#[test]
fn delete_removes_the_user_and_their_factors_and_keeps_the_audit_history() {
    require_tool("oathtool", "oathtool");
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com", "--no-input"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    let (secret, _) = env.enrol("alice@example.com", T0);
    remember(&env, &secret, T0 + 60);
    env.at(
        T0 + 90,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--method",
            "email",
        ],
        4,
    );
    let before = rows_of(&env, "alice@example.com");
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");
    let history = env.actions("alice@example.com");

    let run = env.at(T0 + 120, &["user", "delete", "alice@example.com"], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    let deleted = env
        .at(
            T0 + 120,
            &["user", "delete", "alice@example.com", "--yes", "--json"],
            0,
        )
        .json();
    assert_eq!(deleted["deleted"], "alice@example.com");
    assert_eq!(deleted["enrolled"], true);
    assert_eq!(deleted["recovery_codes"], 10);
    assert_eq!(deleted["devices"], 1);
    assert_eq!(deleted["roles"], json!(["admin"]));
    assert_eq!(deleted["groups"], json!(["ops"]));

    env.fails(&["user", "show", "alice@example.com"], 7);
    let after = rows_of(&env, "alice@example.com");
    assert!(after.iter().all(|(_, n)| *n == 0), "{after:?}");
    // The history stays, with the deletion at its end, and the chain still verifies.
    let actions = env.actions("alice@example.com");
    assert_eq!(actions[..history.len()], history[..]);
    assert_eq!(actions.last().unwrap(), "user.delete");
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
    // Nothing else went: bob, the role and the group remain.
    env.ok(&["user", "show", "bob@example.com"]);
    assert_eq!(env.json(&["role", "show", "admin"])["holders"], json!([]));
    assert_eq!(env.json(&["group", "show", "ops"])["members"], json!([]));
    // The email can be used again, by a new user with nothing of the old one.
    env.ok(&["user", "add", "alice@example.com", "--no-input"]);
    let alice = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(alice["mfa"]["enrolled"], false);
    assert_eq!(alice["roles"], json!([]));
    env.fails(
        &[
            "user",
            "delete",
            "alice@example.com",
            "--yes",
            "--tenant",
            "nope",
        ],
        7,
    );
}

/// A user added again under a deleted user's email inherits nothing: the old remembered
/// device (passed explicitly, or saved on this machine) does not stand in for a factor.
#[test]
fn a_user_added_again_does_not_inherit_the_deleted_users_device() {
    require_tool("oathtool", "oathtool");
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let token = remember(&env, &secret, T0 + 60);
    let saved = || {
        walk(&env.path("home/.local/share/mfactl/devices"))
            .into_iter()
            .filter(|p| p.is_file())
            .count()
    };
    assert_eq!(
        saved(),
        1,
        "login --remember saved the token on this machine"
    );
    env.at(
        T0 + 90,
        &["user", "delete", "alice@example.com", "--yes"],
        0,
    );
    assert_eq!(saved(), 0, "the deleted user's saved token is gone");
    let run = env.run_with(
        &[
            "user",
            "add",
            "alice@example.com",
            "--company",
            "sales",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    env.ok(&["company", "enforce-mfa", "sales"]);
    for extra in [vec![], vec!["--device-token", token.as_str()]] {
        let run = login(&env, T0 + 120, "alice@example.com", &extra);
        // She must enrol: exit 4 with the pending secret, never a sign-in.
        expect(&run, 4);
        assert!(run.json()["otpauth_uri"].is_string(), "{}", run.stdout);
    }
}

/// Every path below `dir`, depth first.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}

#[test]
fn delete_asks_on_a_terminal_and_no_keeps_the_user() {
    let env = Env::with_acme();
    let mut cmd = env.std_cmd();
    cmd.args(["user", "delete", "alice@example.com"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    p.exp_string("Delete user alice@example.com of tenant acme")
        .expect("question");
    p.exp_string("[y/N]").expect("question");
    p.send_line("n").unwrap();
    p.exp_string("cancelled: nothing was changed")
        .expect("cancelled");
    p.exp_eof().unwrap();
    env.ok(&["user", "show", "alice@example.com"]);
    let mut cmd = env.std_cmd();
    cmd.args(["user", "delete", "alice@example.com"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    p.exp_string("[y/N]").expect("question");
    p.send_line("y").unwrap();
    p.exp_string("Deleted user alice@example.com")
        .expect("deleted");
    p.exp_eof().unwrap();
    env.fails(&["user", "show", "alice@example.com"], 7);
}

/// Issue 22, item 17: `user list --match TEXT` finds users by part of their email,
/// whatever its case, alone or with the other filters, on both stores.
#[test]
fn users_are_found_by_part_of_their_email() {
    let env = Env::with_acme();
    for email in [
        "bob@globex.example",
        "Bobby@initech.example",
        "carol@globex.example",
    ] {
        env.ok(&["user", "add", email, "--no-input"]);
    }
    let found = |args: &[&str]| {
        let mut all = vec!["user", "list"];
        all.extend_from_slice(args);
        emails(&env.json(&all))
    };
    assert_eq!(
        found(&["--match", "BOB"]),
        ["bob@globex.example", "bobby@initech.example"]
    );
    assert_eq!(
        found(&["--match", "globex"]),
        ["bob@globex.example", "carol@globex.example"]
    );
    assert_eq!(
        found(&["--match", "alice", "--company", "sales"]),
        ["alice@example.com"]
    );
    assert!(found(&["--match", "%"]).is_empty(), "no wildcards");
    assert!(found(&["--match", "nobody"]).is_empty());
}
