//! The lost-phone path without a takeover window (issue 18, SPEC §4): after a reset the
//! password alone never enrols; a temporary access pass opens one sign-in that must
//! enrol a new authenticator; an email code proves it is them where email is a method.
//! Each test is written as the attack it closes, on both stores.

use serde_json::Value;

use crate::support::{Env, T0, expect, login, oathtool, outbox_code, walk};

const ALICE: &str = "alice@example.com";

/// alice of `Env::with_acme`, enrolled at T0, her company `sales` enforcing MFA.
fn enrolled_under_enforcement() -> (Env, String, Vec<String>) {
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let (secret, codes) = env.enrol(ALICE, T0);
    (env, secret, codes)
}

/// Runs `user reset-mfa alice` at `at` with extra flags; returns its JSON.
fn reset(env: &Env, at: i64, extra: &[&str]) -> Value {
    let mut args = vec![
        "user",
        "reset-mfa",
        ALICE,
        "--reason",
        "lost phone",
        "--yes",
        "--json",
    ];
    args.extend_from_slice(extra);
    env.at(at, &args, 0).json()
}

/// Issues an access pass for alice at `at`; returns the pass as shown.
fn issue(env: &Env, at: i64, extra: &[&str]) -> String {
    let mut args = vec![
        "user",
        "access-pass",
        ALICE,
        "--reason",
        "ticket 4521",
        "--yes",
        "--json",
    ];
    args.extend_from_slice(extra);
    let issued = env.at(at, &args, 0).json();
    issued["access_pass"].as_str().unwrap().to_owned()
}

fn failed_attempts(env: &Env) -> i64 {
    env.json(&["user", "show", ALICE])["mfa"]["failed_attempts"]
        .as_i64()
        .unwrap()
}

/// The takeover of the second review: after a reset, the password alone got a fresh
/// enrolment secret. Now it gets none, by any flag, and `user show` says what proof the
/// next sign-in needs.
#[test]
fn after_a_reset_the_password_alone_gets_no_secret() {
    let (env, _, _) = enrolled_under_enforcement();
    reset(&env, T0 + 60, &[]);
    for extra in [
        &[][..],
        &["--code", "123456"],
        &["--method", "totp"],
        &["--skip"],
    ] {
        let run = login(&env, T0 + 90, ALICE, extra);
        assert!(
            !run.stdout.contains("secret") && !run.stdout.contains("otpauth"),
            "{extra:?}: {}",
            run.stdout
        );
        assert!(
            run.code == 4 || run.code == 6,
            "{extra:?}: {}{}",
            run.stdout,
            run.stderr
        );
    }
    let proof = expect(&login(&env, T0 + 90, ALICE, &[]), 4).json();
    assert_eq!(proof["next"], "proof", "{proof}");
    // Company enforcement rules email out: only an access pass proves it is her.
    assert_eq!(proof["proofs"], serde_json::json!(["pass"]), "{proof}");
    let refused = env.run_at(
        T0 + 90,
        &["login", ALICE, "--password-stdin", "--method", "email"],
        crate::support::PASSWORD,
    );
    assert_eq!(refused.code, 6, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("company sales"),
        "{}",
        refused.stderr
    );
    let status = env.json(&["user", "show", ALICE]);
    assert_eq!(
        status["mfa"]["enrolment_proof"],
        serde_json::json!(["pass"])
    );
    assert!(status["mfa"]["reset_at"].is_string(), "{status}");
    // Nothing was started for whoever knows the password.
    assert_eq!(status["mfa"]["pending_enrolment"], false, "{status}");
    assert!(env.json(&["user", "show", ALICE])["mfa"]["failed_attempts"] == 0);
}

/// SPEC §4: a pass is 16 characters in groups of four, never stored as such, and opens
/// exactly one sign-in, which must enrol (no device token) before it completes; the
/// user is told by email when it is issued and used, never the pass.
#[test]
fn an_access_pass_opens_one_sign_in_that_must_enrol() {
    let (env, old_secret, old_codes) = enrolled_under_enforcement();
    let issued = reset(&env, T0 + 60, &["--access-pass", "--valid", "30m"]);
    let pass = issued["access_pass"].as_str().unwrap().to_owned();
    assert_eq!(pass.len(), 19, "{pass}");
    assert!(pass.split('-').all(|group| group.len() == 4), "{pass}");
    assert_eq!(issued["expires_at"], "2030-01-01T00:31:10Z");
    // Stored only as a hash: neither as shown nor as typed.
    let bytes = env.snapshot().unwrap();
    for form in [pass.clone(), pass.replace('-', "")] {
        assert!(
            !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
            "the pass is in the store's bytes"
        );
    }
    let status = env
        .at(T0 + 61, &["user", "show", ALICE, "--json"], 0)
        .json();
    assert!(
        status["mfa"]["access_pass_expires_at"].is_string(),
        "{status}"
    );

    // The pass, typed as a person might: lower case, with spaces.
    let typed = pass.to_lowercase().replace('-', " ");
    let opened = expect(
        &login(
            &env,
            T0 + 120,
            ALICE,
            &["--method", "pass", "--code", &typed],
        ),
        4,
    )
    .json();
    assert_eq!(opened["next"], "enrol", "{opened}");
    assert_eq!(opened["proved_by"], "pass");
    let secret = opened["secret"].as_str().unwrap().to_owned();
    assert_ne!(secret, old_secret);
    // Spent at the first step: a second use is a wrong code, and counted.
    expect(
        &login(
            &env,
            T0 + 125,
            ALICE,
            &["--method", "pass", "--code", &pass],
        ),
        3,
    );
    assert_eq!(failed_attempts(&env), 1);
    // The password alone gets neither the secret again nor a sign-in.
    let waiting = expect(&login(&env, T0 + 130, ALICE, &[]), 4).json();
    assert_eq!(waiting["next"], "enrol_code", "{waiting}");
    assert!(waiting.get("secret").is_none(), "{waiting}");
    expect(&login(&env, T0 + 130, ALICE, &["--skip"]), 4);
    // The old app and an old recovery code pass nothing.
    expect(
        &login(
            &env,
            T0 + 150,
            ALICE,
            &["--code", &oathtool(&old_secret, T0 + 150)],
        ),
        3,
    );
    expect(&login(&env, T0 + 150, ALICE, &["--code", &old_codes[0]]), 4);
    // A code of the new app finishes it: signed in by the pass, never remembered.
    let done = login(
        &env,
        T0 + 180,
        ALICE,
        &["--code", &oathtool(&secret, T0 + 180), "--remember"],
    );
    let view = expect(&done, 0).json();
    assert_eq!(view["factor"], "pass", "{view}");
    assert_eq!(view["recovery_codes"].as_array().unwrap().len(), 10);
    assert!(view.get("device_token").is_none(), "{view}");
    assert!(
        done.stderr.contains("--remember was ignored"),
        "{}",
        done.stderr
    );
    assert_eq!(failed_attempts(&env), 0);
    // From now on the new app is her factor, and the reset's proof is no longer asked.
    let next = login(
        &env,
        T0 + 240,
        ALICE,
        &["--code", &oathtool(&secret, T0 + 240)],
    );
    assert_eq!(expect(&next, 0).json()["factor"], "totp");
    let status = env.json(&["user", "show", ALICE]);
    assert_eq!(status["mfa"]["enrolment_proof"], serde_json::json!([]));
    assert_eq!(status["mfa"]["reset_at"], Value::Null);
    assert_eq!(status["mfa"]["access_pass_expires_at"], Value::Null);

    issued_and_used_are_audited_and_told(&env, &pass);
}

/// The issue and the use of `pass` are audited, and alice was told of both by email,
/// never with the pass in the message.
fn issued_and_used_are_audited_and_told(env: &Env, pass: &str) {
    let actions = env.actions(ALICE);
    for action in [
        "user.access_pass_issued",
        "user.access_pass_used",
        "user.activate_2fa",
    ] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action}: {actions:?}"
        );
    }
    let mails: Vec<String> = walk(&env.path("home/.local/share/mfactl/outbox"))
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap())
        .collect();
    assert!(
        mails
            .iter()
            .any(|m| m.contains("temporary access pass was issued"))
    );
    assert!(mails.iter().any(|m| m.contains("access pass was used")));
    for mail in &mails {
        assert!(!mail.contains(pass) && !mail.contains(&pass.replace('-', "")));
    }
}

/// A pass lasts as long as --valid says (at most a day), is replaced by a newer one, and
/// is revoked by a new password and by a reset without --access-pass; each refusal is a
/// wrong code (exit 3), and the expiry is audited.
#[test]
fn a_pass_expires_is_replaced_and_is_revoked() {
    let (env, _, _) = enrolled_under_enforcement();
    for (valid, code) in [("25h", 2), ("0", 2), ("1w", 2), ("24h", 0)] {
        let run = env.run_at(
            T0,
            &[
                "user",
                "access-pass",
                ALICE,
                "--reason",
                "r",
                "--valid",
                valid,
                "--yes",
            ],
            "",
        );
        assert_eq!(run.code, code, "--valid {valid}: {}", run.stderr);
    }
    let pass = issue(&env, T0, &["--valid", "30m"]);
    expect(
        &login(
            &env,
            T0 + 30 * 60,
            ALICE,
            &["--method", "pass", "--code", &pass],
        ),
        3,
    );
    assert!(
        env.actions(ALICE)
            .contains(&"user.access_pass_expired".to_owned())
    );

    let first = issue(&env, T0 + 3600, &[]);
    let second = issue(&env, T0 + 3610, &[]);
    expect(
        &login(
            &env,
            T0 + 3620,
            ALICE,
            &["--method", "pass", "--code", &first],
        ),
        3,
    );
    expect(
        &login(
            &env,
            T0 + 3630,
            ALICE,
            &["--method", "pass", "--code", &second],
        ),
        4,
    );

    let pass = issue(&env, T0 + 7200, &[]);
    expect(
        &env.run_with(
            &["user", "set-password", ALICE, "--password-stdin"],
            "correct horse\n",
        ),
        0,
    );
    expect(
        &login(
            &env,
            T0 + 7210,
            ALICE,
            &["--method", "pass", "--code", &pass],
        ),
        3,
    );
    let pass = issue(&env, T0 + 7300, &[]);
    reset(&env, T0 + 7310, &[]);
    expect(
        &login(
            &env,
            T0 + 7320,
            ALICE,
            &["--method", "pass", "--code", &pass],
        ),
        3,
    );
    // Not a pass at all: a usage error before anything is checked or counted.
    let before = failed_attempts(&env);
    expect(
        &login(
            &env,
            T0 + 7330,
            ALICE,
            &["--method", "pass", "--code", "123456"],
        ),
        2,
    );
    assert_eq!(failed_attempts(&env), before);
    // Deleting the user takes the pass with them.
    issue(&env, T0 + 7400, &[]);
    env.ok(&["user", "delete", ALICE, "--yes"]);
    assert_eq!(
        env.query_ints("SELECT count(*) FROM access_passes"),
        [Some(0)]
    );
}

/// Wrong passes count towards the lock like wrong codes: five lock the user, and then
/// even the right pass is refused (exit 5) and nothing is spent.
#[test]
fn wrong_passes_lock_and_a_locked_user_spends_no_pass() {
    let (env, _, _) = enrolled_under_enforcement();
    let pass = issue(&env, T0, &[]);
    for n in 0..5 {
        expect(
            &login(
                &env,
                T0 + 10 + n,
                ALICE,
                &["--method", "pass", "--code", "ABCD-EFGH-JKMN-PQRS"],
            ),
            3 + 2 * i32::from(n == 4),
        );
    }
    expect(
        &login(&env, T0 + 20, ALICE, &["--method", "pass", "--code", &pass]),
        5,
    );
    env.ok(&["user", "unlock", ALICE]);
    expect(
        &login(&env, T0 + 30, ALICE, &["--method", "pass", "--code", &pass]),
        4,
    );
}

/// A pass for a user who still has their app (no reset): the sign-in it opens enrols a
/// new app, which replaces the old one and its recovery codes.
#[test]
fn a_pass_replaces_an_enrolled_authenticator() {
    let (env, old_secret, old_codes) = enrolled_under_enforcement();
    let pass = issue(&env, T0 + 60, &[]);
    let opened = expect(
        &login(&env, T0 + 90, ALICE, &["--method", "pass", "--code", &pass]),
        4,
    )
    .json();
    let secret = opened["secret"].as_str().unwrap().to_owned();
    expect(
        &login(
            &env,
            T0 + 120,
            ALICE,
            &["--code", &oathtool(&secret, T0 + 120)],
        ),
        0,
    );
    expect(
        &login(
            &env,
            T0 + 180,
            ALICE,
            &["--code", &oathtool(&old_secret, T0 + 180)],
        ),
        3,
    );
    expect(&login(&env, T0 + 240, ALICE, &["--code", &old_codes[1]]), 3);
    let view = expect(
        &login(
            &env,
            T0 + 300,
            ALICE,
            &["--code", &oathtool(&secret, T0 + 300)],
        ),
        0,
    )
    .json();
    assert_eq!(view["factor"], "totp");
}

/// Where email is one of the user's methods, a code sent by email proves it is them
/// after a reset: the sign-in then enrols, in three scripted runs.
#[test]
fn after_a_reset_an_email_code_proves_it_and_the_sign_in_enrols() {
    let env = Env::with_acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--secondary",
        "email",
    ]);
    env.enrol(ALICE, T0);
    reset(&env, T0 + 60, &[]);
    let proof = expect(&login(&env, T0 + 90, ALICE, &[]), 4).json();
    assert_eq!(
        proof["proofs"],
        serde_json::json!(["pass", "email"]),
        "{proof}"
    );
    assert_eq!(
        env.json(&["user", "show", ALICE])["mfa"]["enrolment_proof"],
        serde_json::json!(["pass", "email"])
    );
    let sent = expect(&login(&env, T0 + 100, ALICE, &["--method", "email"]), 4).json();
    assert_eq!(sent["next"], "code", "{sent}");
    let wrong = login(
        &env,
        T0 + 110,
        ALICE,
        &["--method", "email", "--code", "000000"],
    );
    expect(&wrong, 3);
    let opened = expect(
        &login(
            &env,
            T0 + 120,
            ALICE,
            &["--method", "email", "--code", &outbox_code(&env)],
        ),
        4,
    )
    .json();
    assert_eq!(opened["proved_by"], "email", "{opened}");
    let secret = opened["secret"].as_str().unwrap().to_owned();
    let view = expect(
        &login(
            &env,
            T0 + 150,
            ALICE,
            &["--code", &oathtool(&secret, T0 + 150)],
        ),
        0,
    )
    .json();
    assert_eq!(view["factor"], "email", "{view}");
    assert_eq!(view["recovery_codes"].as_array().unwrap().len(), 10);
}

/// Issue 18, finding 1: `recovery-codes --regenerate` beside `reset-mfa` left a user
/// with no authenticator and ten working recovery codes. Raced round after round, a
/// user without an authenticator never holds a recovery code.
#[test]
fn a_regenerate_racing_a_reset_never_leaves_codes_without_an_app() {
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    for round in 0..10 {
        env.enrol(ALICE, T0 + round * 60);
        let regenerate = env
            .std_cmd()
            .args(["user", "recovery-codes", ALICE, "--regenerate", "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let reset_run = env
            .std_cmd()
            .args(["user", "reset-mfa", ALICE, "--reason", "race", "--yes"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        for child in [regenerate, reset_run] {
            child.wait_with_output().unwrap();
        }
        assert_eq!(
            env.query_ints(
                "SELECT count(*) FROM recovery_codes rc JOIN users u ON u.id = rc.user_id \
                 WHERE u.totp_secret IS NULL"
            ),
            [Some(0)],
            "round {round}: recovery codes outlived the reset"
        );
    }
}

/// Issue 18, finding 3: email was always a fallback for an enrolled user, even where a
/// company enforces MFA or a role requires 2FA: password plus mailbox got past the app.
#[test]
fn enforcement_and_roles_rule_out_the_email_fallback() {
    let env = Env::with_acme();
    env.enrol(ALICE, T0);
    let by_email = |at: i64| {
        env.run_at(
            at,
            &[
                "login",
                ALICE,
                "--password-stdin",
                "--method",
                "email",
                "--json",
            ],
            crate::support::PASSWORD,
        )
    };
    // Her own 2FA alone: her configuration, email the fallback.
    expect(&by_email(T0 + 30), 4);
    env.ok(&["company", "enforce-mfa", "sales"]);
    let refused = by_email(T0 + 60);
    assert_eq!(refused.code, 6, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("company sales enforces MFA"),
        "{}",
        refused.stderr
    );
    env.ok(&["company", "enforce-mfa", "sales", "--off", "--yes"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["role", "assign", "admin", ALICE]);
    let refused = by_email(T0 + 90);
    assert_eq!(refused.code, 6, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("role admin requires 2FA"),
        "{}",
        refused.stderr
    );
    let methods = &env.json(&["user", "show", ALICE])["mfa"]["methods"];
    assert_eq!(*methods, serde_json::json!(["totp"]));
}

/// Issue 18, finding 4: wrong read-backs of `reset-mfa --verify-email` were neither
/// audited nor counted. Now each counts towards the user's lock and is audited; the
/// fifth locks, and then even the right code resets nothing (exit 5).
#[test]
fn wrong_read_backs_count_towards_the_lock() {
    let env = Env::with_acme();
    env.enrol(ALICE, T0);
    let read_back = |at: i64, code: &str| {
        env.run_at(
            at,
            &[
                "user",
                "reset-mfa",
                ALICE,
                "--reason",
                "caller",
                "--verify-email",
                "--code",
                code,
                "--yes",
            ],
            "",
        )
    };
    expect(
        &env.run_at(
            T0 + 10,
            &[
                "user",
                "reset-mfa",
                ALICE,
                "--reason",
                "caller",
                "--verify-email",
                "--yes",
            ],
            "",
        ),
        4,
    );
    let code = outbox_code(&env);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for n in 0..4 {
        expect(&read_back(T0 + 20 + n, wrong), 3);
    }
    assert_eq!(failed_attempts(&env), 4);
    expect(&read_back(T0 + 30, wrong), 5);
    expect(&read_back(T0 + 40, &code), 5);
    let status = env.json(&["user", "show", ALICE]);
    assert_eq!(
        status["mfa"]["enrolled"], true,
        "nothing was reset: {status}"
    );
    let refusals = env
        .actions(ALICE)
        .iter()
        .filter(|a| *a == "user.reset_mfa_refused")
        .count();
    assert_eq!(refusals, 6);
    assert!(env.actions(ALICE).contains(&"user.lock".to_owned()));
}

/// The review of issue 18, finding 2: a reset left the password alone enough where the
/// user's own choice was the only source (a), or where the tenant's grace period still
/// ran (b). The 2FA the user had turned on stays on until they enrol again.
#[test]
fn a_reset_never_leaves_a_password_only_sign_in() {
    let env = Env::with_acme();
    env.enrol(ALICE, T0);
    reset(&env, T0 + 60, &["--access-pass"]);
    let proof = expect(&login(&env, T0 + 90, ALICE, &[]), 4).json();
    assert_eq!(proof["next"], "proof", "{proof}");
    let status = env.json(&["user", "show", ALICE]);
    assert_eq!(
        status["mfa"]["required_by"][0]["source"], "user",
        "{status}"
    );
    // (b) inside the tenant's grace period: no skip back to the password.
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--grace-period",
        "14d",
    ]);
    let skip = login(&env, T0 + 120, ALICE, &["--skip"]);
    assert_eq!(skip.code, 6, "{}{}", skip.stdout, skip.stderr);
    assert!(!skip.stdout.contains("\"factor\""), "{}", skip.stdout);
}

/// The review, findings 4 and 6: a pass row lengthened, or put back after its use, in
/// the database alone matches nothing; a new pass drops the enrolment the old one
/// opened; and a wrong password under a clock far ahead does not age a pass out.
#[test]
fn a_pass_row_cannot_be_revived_and_a_new_pass_closes_the_old_enrolment() {
    let (env, _, _) = enrolled_under_enforcement();
    let first = issue(&env, T0, &["--valid", "30m"]);
    // A wrong password from a clock two hours ahead leaves the pass alone.
    let wrong = env.run_at(
        T0 + 7200,
        &[
            "login",
            ALICE,
            "--password-stdin",
            "--method",
            "pass",
            "--code",
            &first,
        ],
        "not her password\n",
    );
    assert_eq!(wrong.code, 3, "{}", wrong.stderr);
    assert_eq!(
        env.query_ints("SELECT count(*) FROM access_passes"),
        [Some(1)]
    );
    // Lengthened behind mfactl's back: refused.
    env.execute("UPDATE access_passes SET expires_at = expires_at + 86400");
    expect(
        &login(
            &env,
            T0 + 60,
            ALICE,
            &["--method", "pass", "--code", &first],
        ),
        3,
    );
    env.execute("UPDATE access_passes SET expires_at = expires_at - 86400");
    let saved =
        env.query_texts("SELECT user_id, pass_hash, issued_at, expires_at FROM access_passes");
    let row = &saved[0];
    let opened = expect(
        &login(
            &env,
            T0 + 70,
            ALICE,
            &["--method", "pass", "--code", &first],
        ),
        4,
    )
    .json();
    assert_eq!(opened["proved_by"], "pass");
    // Put back after its use: refused.
    env.execute(&format!(
        "INSERT INTO access_passes (user_id, pass_hash, issued_at, expires_at) VALUES ({}, '{}', {}, {})",
        row[0].as_deref().unwrap(),
        row[1].as_deref().unwrap(),
        row[2].as_deref().unwrap(),
        row[3].as_deref().unwrap()
    ));
    expect(
        &login(
            &env,
            T0 + 80,
            ALICE,
            &["--method", "pass", "--code", &first],
        ),
        3,
    );
    // Support answers with a new pass: the enrolment the first one opened is gone.
    let secret = opened["secret"].as_str().unwrap().to_owned();
    issue(&env, T0 + 90, &[]);
    let run = login(
        &env,
        T0 + 100,
        ALICE,
        &["--code", &oathtool(&secret, T0 + 100)],
    );
    assert_ne!(run.code, 0, "the old enrolment signed in: {}", run.stdout);
    assert!(!run.stdout.contains("\"factor\""), "{}", run.stdout);
}
