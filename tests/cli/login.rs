//! `mfactl login`: the policy applied at sign-in, driven by flags and moved through
//! time with faketime.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use crate::support::{Env, PASSWORD, T0, emails, expect, login, oathtool, remember, walk};

const DAY: i64 = 86_400;

#[test]
fn without_2fa_the_password_is_enough() {
    let env = Env::with_acme();
    let run = login(&env, T0, "alice@example.com", &[]);
    let view = expect(&run, 0).json();
    assert_eq!(view["email"], "alice@example.com");
    assert_eq!(view["factor"], "password");
    assert_eq!(view["skipped_enrolment"], false);
}

#[test]
fn missing_flags_and_bad_credentials() {
    let env = Env::with_acme();
    let run = env.run_at(T0, &["login", "alice@example.com"], "");
    expect(&run, 4);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    expect(
        &env.run_at(
            T0,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        ),
        3,
    );
    expect(
        &env.run_at(
            T0,
            &["login", "nobody@example.com", "--password-stdin"],
            PASSWORD,
        ),
        7,
    );
    env.ok(&["user", "add", "nopw@example.com"]);
    expect(
        &env.run_at(
            T0,
            &["login", "nopw@example.com", "--password-stdin"],
            PASSWORD,
        ),
        6,
    );
    expect(
        &env.run_at(
            T0,
            &[
                "login",
                "alice@example.com",
                "--password-stdin",
                "--code",
                "12345",
            ],
            PASSWORD,
        ),
        2,
    );
}

#[test]
fn tenant_grace_lets_members_skip_until_it_ends() {
    let env = Env::with_acme();
    env.enable_with_grace();
    // Without --skip or --code, a script is told what to pass and given the pending secret.
    let run = login(&env, T0, "alice@example.com", &[]);
    let pending = expect(&run, 4).json();
    assert_eq!(pending["next"], "enrol");
    assert_eq!(pending["may_skip"], true);
    assert!(
        pending["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert!(run.stderr.contains("--skip"), "{}", run.stderr);
    let skipped = expect(&login(&env, T0 + DAY, "alice@example.com", &["--skip"]), 0).json();
    assert_eq!(skipped["skipped_enrolment"], true);
    assert_eq!(
        skipped["grace_ends_at"],
        mfactl::core::time::format_rfc3339(T0 + 14 * DAY)
    );
    let shown = env
        .run_at(
            T0 + DAY,
            &["user", "show", "alice@example.com", "--json"],
            "",
        )
        .json();
    assert_eq!(shown["mfa"]["grace_ends_at"], skipped["grace_ends_at"]);
    assert_eq!(shown["mfa"]["next_sign_in"], "enrol_or_skip");
    expect(
        &login(&env, T0 + 14 * DAY - 60, "alice@example.com", &["--skip"]),
        0,
    );
    let run = login(&env, T0 + 14 * DAY + 1, "alice@example.com", &["--skip"]);
    expect(&run, 6);
    assert!(run.stderr.contains("grace period ended"), "{}", run.stderr);
    assert!(
        env.actions("alice@example.com")
            .iter()
            .filter(|a| *a == "login.skip_enrolment")
            .count()
            == 2
    );
}

#[test]
fn company_enforcement_forces_enrolment_inside_login_with_no_skip() {
    let env = Env::with_acme();
    env.enable_with_grace();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let run = login(&env, T0, "alice@example.com", &["--skip"]);
    expect(&run, 6);
    assert!(
        run.stderr.contains("company sales enforces MFA"),
        "{}",
        run.stderr
    );
    let pending = expect(&login(&env, T0, "alice@example.com", &[]), 4).json();
    assert_eq!(pending["may_skip"], false);
    let secret = pending["secret"].as_str().unwrap().to_owned();
    // A wrong code does not enrol; the right one does, inside login.
    let wrong = format!(
        "{:06}",
        (oathtool(&secret, T0).parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    expect(
        &login(&env, T0, "alice@example.com", &["--code", &wrong]),
        3,
    );
    let done = expect(
        &login(
            &env,
            T0,
            "alice@example.com",
            &["--code", &oathtool(&secret, T0)],
        ),
        0,
    )
    .json();
    assert_eq!(done["factor"], "totp");
    assert_eq!(done["recovery_codes"].as_array().unwrap().len(), 10);
    let acts = env.actions("alice@example.com");
    assert!(
        acts.ends_with(&["user.activate_2fa".to_owned(), "login".to_owned()]),
        "{acts:?}"
    );
    // And now deactivation is refused while the company enforces MFA.
    let code = oathtool(&secret, T0 + 60);
    expect(
        &env.run_at(
            T0 + 60,
            &[
                "user",
                "deactivate-2fa",
                "alice@example.com",
                "--code",
                &code,
            ],
            "",
        ),
        6,
    );
}

#[test]
fn sso_users_are_unaffected_by_company_enforcement() {
    let env = Env::with_acme();
    env.ok(&[
        "user",
        "add",
        "sso@example.com",
        "--company",
        "sales",
        "--sso",
    ]);
    env.ok(&["company", "enforce-mfa", "sales"]);
    let shown = env.json(&["user", "show", "sso@example.com"]);
    assert_eq!(shown["mfa"]["required"], false);
    assert_eq!(shown["mfa"]["next_sign_in"], "nothing");
    let missing = env.json(&["user", "list", "--mfa", "missing"]);
    let emails = emails(&missing);
    assert_eq!(emails, ["alice@example.com"]);
    let run = env.run_at(
        T0,
        &["login", "sso@example.com", "--password-stdin"],
        PASSWORD,
    );
    expect(&run, 6);
    assert!(run.stderr.contains("SSO"), "{}", run.stderr);
}

#[test]
fn a_role_reached_through_a_group_requires_2fa_at_the_next_sign_in() {
    let env = Env::with_acme();
    env.enable_with_grace();
    env.ok(&["role", "create", "admin"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    expect(&login(&env, T0, "alice@example.com", &["--skip"]), 0);
    env.ok(&["role", "require-2fa", "admin"]);
    let run = login(&env, T0 + 60, "alice@example.com", &["--skip"]);
    expect(&run, 6);
    assert!(
        run.stderr.contains("role admin (via group ops)"),
        "{}",
        run.stderr
    );
    let shown = env.json(&["user", "show", "alice@example.com"]);
    let sources: Vec<&str> = shown["mfa"]["required_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["tenant", "role"]);
    assert_eq!(shown["mfa"]["required_by"][1]["via_group"], "ops");
}

#[test]
fn a_remembered_device_skips_the_code_until_its_lifetime_ends() {
    let env = Env::with_acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--remember-device-days",
        "30",
    ]);
    let (secret, _) = env.enrol("alice@example.com", T0);
    let at = T0 + 60;
    let token = remember(&env, &secret, at);
    // The saved token (0600 under the data directory) is used without being named.
    let saved = walk(&env.path("home/.local/share/mfactl/devices"));
    assert_eq!(saved.len(), 1);
    assert_eq!(
        std::fs::metadata(&saved[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let again = expect(&login(&env, at + DAY, "alice@example.com", &[]), 0).json();
    assert_eq!(again["factor"], "remembered_device");
    let explicit = expect(
        &login(
            &env,
            at + 2 * DAY,
            "alice@example.com",
            &["--device-token", &token],
        ),
        0,
    )
    .json();
    assert_eq!(explicit["factor"], "remembered_device");
    assert_eq!(
        env.run_at(
            at + 2 * DAY,
            &["user", "devices", "alice@example.com", "--json"],
            ""
        )
        .json()
        .as_array()
        .unwrap()
        .len(),
        1
    );
    // After 30 days the device is forgotten: a code is needed again.
    let run = login(&env, at + 30 * DAY + 1, "alice@example.com", &[]);
    expect(&run, 4);
    assert!(run.stderr.contains("--code"), "{}", run.stderr);
}

#[test]
fn set_password_and_reset_mfa_revoke_remembered_devices() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let at = T0 + 60;
    let token = remember(&env, &secret, at);
    let new_password = env.run_with(
        &[
            "user",
            "set-password",
            "alice@example.com",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert_eq!(new_password.code, 0, "{}", new_password.stderr);
    expect(
        &login(
            &env,
            at + 60,
            "alice@example.com",
            &["--device-token", &token],
        ),
        4,
    );
    let token = remember(&env, &secret, at + 90);
    env.ok(&[
        "user",
        "reset-mfa",
        "alice@example.com",
        "--reason",
        "lost phone",
        "--yes",
    ]);
    // The device no longer skips anything; the user has to enrol again, and the 2FA
    // she had turned on stays on: the password alone is no sign-in (issue 18's review).
    let run = login(
        &env,
        at + 120,
        "alice@example.com",
        &["--device-token", &token],
    );
    let view = expect(&run, 4).json();
    assert_eq!(view["next"], "proof", "{view}");
    env.ok(&["tenant", "set-auth", "acme", "--enable"]);
    let pending = expect(
        &login(
            &env,
            at + 150,
            "alice@example.com",
            &["--device-token", &token],
        ),
        4,
    )
    .json();
    // After a reset the password alone never enrols: a proof first, and no secret.
    assert_eq!(pending["next"], "proof", "{pending}");
    assert!(pending.get("secret").is_none(), "{pending}");
}

#[test]
fn five_failures_lock_and_only_unlock_or_fifteen_minutes_free() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let at = T0 + 60;
    let right = oathtool(&secret, at);
    let wrong = format!(
        "{:06}",
        (right.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    expect(
        &env.run_at(
            at,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        ),
        3,
    );
    for _ in 0..3 {
        expect(
            &login(&env, at, "alice@example.com", &["--code", &wrong]),
            3,
        );
    }
    // A correct password alone does not reset the counter.
    expect(&login(&env, at, "alice@example.com", &[]), 4);
    let run = login(&env, at, "alice@example.com", &["--code", &wrong]);
    expect(&run, 5);
    assert!(run.stderr.contains("locked"), "{}", run.stderr);
    // The 6th try, with the right code, is refused.
    expect(
        &login(&env, at + 1, "alice@example.com", &["--code", &right]),
        5,
    );
    // 15 minutes later the lock is over.
    let later = at + 15 * 60 + 1;
    expect(
        &login(
            &env,
            later,
            "alice@example.com",
            &["--code", &oathtool(&secret, later)],
        ),
        0,
    );
    // Lock again, then support unlocks.
    for _ in 0..5 {
        login(&env, later + 60, "alice@example.com", &["--code", &wrong]);
    }
    expect(
        &login(
            &env,
            later + 61,
            "alice@example.com",
            &["--code", &oathtool(&secret, later + 61)],
        ),
        5,
    );
    env.at(later + 62, &["user", "unlock", "alice@example.com"], 0);
    expect(
        &login(
            &env,
            later + 95,
            "alice@example.com",
            &["--code", &oathtool(&secret, later + 95)],
        ),
        0,
    );
    let acts = env.actions("alice@example.com");
    assert_eq!(
        acts.iter().filter(|a| *a == "user.lock").count(),
        2,
        "{acts:?}"
    );
    assert!(acts.contains(&"user.unlock".to_owned()));
}

#[test]
fn forty_parallel_wrong_codes_from_eight_processes_still_lock() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let at = T0 + 60;
    let near: Vec<String> = (-2..=2).map(|k| oathtool(&secret, at + 30 * k)).collect();
    let wrong = (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !near.contains(c))
        .unwrap();
    let fake = format!("@{}", crate::support::stamp(at));
    let lib = crate::support::libfaketime().display().to_string();
    let mut children = Vec::new();
    for _ in 0..8 {
        // libfaketime preloaded directly: the `faketime` wrapper's shared semaphore
        // collides now and then with many processes at once.
        let script = "for i in 1 2 3 4 5; do status=0; printf 'correct horse\\n' | TZ=UTC LD_PRELOAD=\"$3\" FAKETIME=\"$2\" mfactl login alice@example.com --password-stdin --code \"$1\" >/dev/null 2>&1 || status=$?; echo $status; done";
        children.push(
            env.shell(script, &[&wrong, &fake, &lib])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    let mut codes = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        codes.extend(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| l.trim().parse::<i32>().unwrap()),
        );
    }
    assert_eq!(codes.len(), 40);
    assert_eq!(
        codes.iter().filter(|c| **c == 3).count(),
        4,
        "exactly four wrong codes before the lock: {codes:?}"
    );
    assert_eq!(codes.iter().filter(|c| **c == 5).count(), 36, "{codes:?}");
    let failed =
        env.query_ints("SELECT failed_attempts FROM users WHERE email = 'alice@example.com'")[0];
    assert_eq!(failed, Some(5));
    assert_eq!(
        env.actions("alice@example.com")
            .iter()
            .filter(|a| *a == "user.lock")
            .count(),
        1
    );
}

#[test]
fn a_recovery_code_signs_in_once_and_never_again() {
    let env = Env::with_acme();
    let (_, codes) = env.enrol("alice@example.com", T0);
    let view = expect(
        &login(
            &env,
            T0 + 60,
            "alice@example.com",
            &["--method", "recovery", "--code", &codes[0]],
        ),
        0,
    )
    .json();
    assert_eq!(view["factor"], "recovery");
    // Issue 22, item 14: the sign-in says how many codes are left.
    assert_eq!(view["recovery_codes_left"], 9, "{view}");
    expect(
        &login(
            &env,
            T0 + 90,
            "alice@example.com",
            &["--method", "recovery", "--code", &codes[0]],
        ),
        3,
    );
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["recovery_codes_left"],
        9
    );
    expect(
        &login(
            &env,
            T0 + 90,
            "alice@example.com",
            &["--method", "recovery", "--code", "123456"],
        ),
        2,
    );
    // A recovery code is recognised without --method.
    let view = expect(
        &login(&env, T0 + 95, "alice@example.com", &["--code", &codes[1]]),
        0,
    )
    .json();
    assert_eq!(view["factor"], "recovery");
    let left = &env.json(&["user", "show", "alice@example.com"])["mfa"]["recovery_codes_left"];
    assert_eq!(*left, 8);
    let text = env.run_at(
        T0 + 120,
        &[
            "login",
            "alice@example.com",
            "--password-stdin",
            "--code",
            &codes[2],
        ],
        PASSWORD,
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("\n7 recovery codes left."),
        "{}",
        text.stdout
    );
}

#[test]
fn email_as_primary_sends_a_code_that_signs_in_and_app_users_keep_their_app() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com"]);
    let run = env.run_with(
        &[
            "user",
            "set-password",
            "bob@example.com",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert_eq!(run.code, 0);
    let (secret, _) = env.enrol("alice@example.com", T0);
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--primary",
        "email",
        "--secondary",
        "totp",
    ]);
    let at = T0 + 60;
    expect(
        &login(
            &env,
            at,
            "alice@example.com",
            &["--code", &oathtool(&secret, at)],
        ),
        0,
    );
    // Bob has no app: the email method is the default, a code goes to the outbox.
    let run = login(&env, at, "bob@example.com", &[]);
    expect(&run, 4);
    let sent = run.json();
    assert_eq!(sent["code_sent_to"], "bob@example.com");
    assert_eq!(sent["delivered"], "outbox");
    let mail = std::fs::read_to_string(sent["outbox_file"].as_str().unwrap()).unwrap();
    let code = crate::support::code_in(&mail);
    let view = expect(
        &login(&env, at + 30, "bob@example.com", &["--code", &code]),
        0,
    )
    .json();
    assert_eq!(view["factor"], "email");
    // Switching to the secondary method (totp) walks him through enrolment.
    let pending = expect(
        &login(&env, at + 60, "bob@example.com", &["--method", "totp"]),
        4,
    )
    .json();
    assert_eq!(pending["next"], "enrol");
}

/// A refused `--skip` changes nothing but the audit log (issue 18): no grace period
/// starts, nothing is counted.
#[test]
fn a_refused_skip_changes_nothing() {
    let env = Env::with_acme();
    env.enable_with_grace();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let run = env.run_with(
        &["login", "alice@example.com", "--password-stdin", "--skip"],
        PASSWORD,
    );
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("company sales enforces MFA"),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.query_ints(
            "SELECT grace_started_at, failed_attempts FROM users WHERE email = 'alice@example.com'"
        ),
        [None, Some(0)]
    );
    assert_eq!(
        env.actions("alice@example.com").last().unwrap(),
        "login.skip_refused"
    );
}
