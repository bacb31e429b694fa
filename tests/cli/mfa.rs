//! Authenticator-app 2FA: enrolment, proof, deactivation, resets, support tools.

use crate::support::{Env, T0, emails, oathtool};

#[test]
fn oathtool_agrees_with_the_codes_mfactl_accepts() {
    let env = Env::with_acme();
    let (secret, codes) = env.enrol("alice@example.com", T0);
    assert_eq!(secret.len(), 32, "160-bit secret in base32");
    assert_eq!(codes.len(), 10);
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], true);
    assert_eq!(shown["mfa"]["recovery_codes_left"], 10);
    // A minute later, oathtool's code proves the user: deactivation goes through.
    let later = T0 + 60;
    let code = oathtool(&secret, later);
    env.at(
        later,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &code,
        ],
        0,
    );
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["enrolled"],
        false
    );
}

#[test]
fn activate_without_code_is_pending_and_each_run_makes_a_new_secret() {
    let env = Env::with_acme();
    let pending = |at| {
        env.at(
            at,
            &["user", "activate-2fa", "alice@example.com", "--json"],
            0,
        )
        .json()
    };
    let first = pending(T0);
    let second = pending(T0);
    // A secret is shown once: the second run replaces the first.
    assert_ne!(first["secret"], second["secret"]);
    let stale = oathtool(first["secret"].as_str().unwrap(), T0);
    env.at(
        T0,
        &[
            "user",
            "activate-2fa",
            "alice@example.com",
            "--code",
            &stale,
        ],
        3,
    );
    let uri = first["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/acme:alice%40example.com?secret="),
        "{uri}"
    );
    assert!(uri.contains("&issuer=acme"), "{uri}");
    let shown = env
        .at(T0 + 60, &["user", "show", "alice@example.com", "--json"], 0)
        .json();
    assert_eq!(shown["mfa"]["enrolled"], false, "nothing turned on yet");
    env.ok(&["user", "add", "sso@example.com", "--sso"]);
    env.fails(&["user", "activate-2fa", "sso@example.com", "--json"], 6);
    assert_eq!(shown["mfa"]["pending_enrolment"], true);
}

#[test]
fn bad_codes_are_refused_and_turn_nothing_on() {
    let env = Env::with_acme();
    let pending = env
        .at(
            T0,
            &["user", "activate-2fa", "alice@example.com", "--json"],
            0,
        )
        .json();
    let secret = pending["secret"].as_str().unwrap();
    let before = env.snapshot();
    for malformed in ["12345", "abcdef", "１２３４５６", "1234567", "12 34 5a"] {
        let run = env.at(
            T0,
            &[
                "user",
                "activate-2fa",
                "alice@example.com",
                "--code",
                malformed,
            ],
            2,
        );
        assert!(run.stderr.contains("six digits"), "{}", run.stderr);
    }
    let two_steps_away = oathtool(secret, T0 - 60);
    env.at(
        T0,
        &[
            "user",
            "activate-2fa",
            "alice@example.com",
            "--code",
            &two_steps_away,
        ],
        3,
    );
    let wrong = if oathtool(secret, T0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    env.at(
        T0,
        &["user", "activate-2fa", "alice@example.com", "--code", wrong],
        3,
    );
    assert!(before == env.snapshot(), "a refused code changed the store");
    // One step of skew either side is accepted.
    let next_step = oathtool(secret, T0 + 30);
    let spaced = format!("{} {}", &next_step[..3], &next_step[3..]);
    env.at(
        T0,
        &[
            "user",
            "activate-2fa",
            "alice@example.com",
            "--code",
            &spaced,
        ],
        0,
    );
}

#[test]
fn a_code_is_never_accepted_twice() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    // The enrolment code's step is used: the same code, or an older one, is a replay.
    let same = oathtool(&secret, T0);
    let run = env.at(
        T0 + 5,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &same,
        ],
        3,
    );
    assert!(run.stderr.contains("already used"), "{}", run.stderr);
    let older = oathtool(&secret, T0 - 30);
    env.at(
        T0 + 5,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &older,
        ],
        3,
    );
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["enrolled"],
        true
    );
}

#[test]
fn already_enrolled_is_a_conflict() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    env.at(
        T0,
        &["user", "activate-2fa", "alice@example.com", "--json"],
        8,
    );
    env.at(
        T0 + 30,
        &[
            "user",
            "activate-2fa",
            "alice@example.com",
            "--code",
            &oathtool(&secret, T0 + 30),
        ],
        8,
    );
}

#[test]
fn the_secret_is_not_stored_in_plain_text() {
    let env = Env::with_acme();
    let (secret, codes) = env.enrol("alice@example.com", T0);
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    // The file's bytes, or every row of the database as text (bytes then in hex).
    let bytes = env.snapshot().unwrap();
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(secret.as_bytes()), "base32 secret in the store");
    assert!(
        !contains(secret.to_lowercase().as_bytes()),
        "base32 secret in the store"
    );
    assert!(!contains(&raw), "raw secret in the store");
    let hex = data_encoding::HEXLOWER.encode(&raw);
    assert!(!contains(hex.as_bytes()), "raw secret in the store, in hex");
    for code in codes {
        assert!(
            !contains(code.as_bytes()) && !contains(code.replace('-', "").as_bytes()),
            "recovery code in the store"
        );
    }
}

#[test]
fn deactivation_needs_proof() {
    let env = Env::with_acme();
    env.enrol("alice@example.com", T0);
    let run = env.at(T0 + 60, &["user", "deactivate-2fa", "alice@example.com"], 4);
    assert!(run.stderr.contains("--code"), "{}", run.stderr);
    env.at(
        T0 + 60,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            "abcdef",
        ],
        2,
    );
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], true);
    env.fails(
        &[
            "user",
            "deactivate-2fa",
            "nobody@example.com",
            "--code",
            "123456",
        ],
        7,
    );
}

#[test]
fn a_recovery_code_proves_the_user_and_deactivation_is_audited() {
    let env = Env::with_acme();
    let (_, codes) = env.enrol("alice@example.com", T0);
    let run = env.at(
        T0 + 60,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &codes[3].to_uppercase(),
            "--json",
        ],
        0,
    );
    assert_eq!(run.json()["proof"], "recovery");
    let audit = env.json(&["audit", "--target", "alice@example.com"]);
    let last = audit.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "user.deactivate_2fa");
    assert_eq!(last["details"]["proof"], "recovery");
    // Deactivation removed every factor: the code does not work again.
    env.at(
        T0 + 90,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &codes[3],
        ],
        7,
    );
}

#[test]
fn deactivation_is_refused_while_enforced() {
    let env = Env::with_acme();
    let (secret, codes) = env.enrol("alice@example.com", T0);
    let try_off = |at: i64| {
        let code = oathtool(&secret, at);
        env.at(
            at,
            &[
                "user",
                "deactivate-2fa",
                "alice@example.com",
                "--code",
                &code,
            ],
            6,
        )
    };
    env.ok(&["company", "enforce-mfa", "sales"]);
    let run = try_off(T0 + 60);
    assert!(
        run.stderr.contains("company sales enforces MFA"),
        "{}",
        run.stderr
    );
    env.ok(&["company", "enforce-mfa", "sales", "--off", "--yes"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "add-member", "ops", "alice@example.com"]);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    let run = try_off(T0 + 90);
    assert!(
        run.stderr.contains("role admin (via group ops)"),
        "{}",
        run.stderr
    );
    env.ok(&["role", "require-2fa", "admin", "--off", "--yes"]);
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--members-may-deactivate",
        "false",
    ]);
    let run = try_off(T0 + 120);
    assert!(
        run.stderr.contains("does not let members turn 2FA off"),
        "{}",
        run.stderr
    );
    // The refusal came before the proof was checked: the recovery code is still unused.
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["recovery_codes_left"],
        10
    );
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--members-may-deactivate",
        "true",
    ]);
    env.at(
        T0 + 150,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &codes[0],
        ],
        0,
    );
}

#[test]
fn reset_mfa_needs_a_reason_and_confirmation_and_removes_every_factor() {
    let env = Env::with_acme();
    env.enrol("alice@example.com", T0);
    let run = env.fails(&["user", "reset-mfa", "alice@example.com", "--yes"], 2);
    assert!(run.stderr.contains("--reason"), "{}", run.stderr);
    env.fails(
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "  ",
            "--yes",
        ],
        2,
    );
    let run = env.fails(
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "lost phone",
        ],
        4,
    );
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    let reset = env.json(&[
        "user",
        "reset-mfa",
        "alice@example.com",
        "--reason",
        "lost phone, ticket 4521",
        "--yes",
    ]);
    assert_eq!(reset["had_totp"], true);
    assert_eq!(reset["recovery_codes_removed"], 10);
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], false);
    assert_eq!(shown["mfa"]["recovery_codes_left"], 0);
    let audit = env.json(&["audit", "--target", "alice@example.com"]);
    let last = audit.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "user.reset_mfa");
    assert_eq!(last["reason"], "lost phone, ticket 4521");
    assert_eq!(last["actor"], "tester");
    // The user can enrol a new phone.
    env.enrol("alice@example.com", T0 + 600);
    env.fails(
        &[
            "user",
            "reset-mfa",
            "nobody@example.com",
            "--reason",
            "x",
            "--yes",
        ],
        7,
    );
}

#[test]
fn recovery_codes_count_and_regenerate() {
    let env = Env::with_acme();
    env.fails(
        &[
            "user",
            "recovery-codes",
            "alice@example.com",
            "--regenerate",
        ],
        7,
    );
    let (_, old) = env.enrol("alice@example.com", T0);
    assert_eq!(
        env.json(&["user", "recovery-codes", "alice@example.com"])["recovery_codes_left"],
        10
    );
    let fresh = env.json(&[
        "user",
        "recovery-codes",
        "alice@example.com",
        "--regenerate",
    ]);
    let fresh: Vec<&str> = fresh["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(fresh.len(), 10);
    assert!(old.iter().all(|o| !fresh.contains(&o.as_str())));
    env.at(
        T0 + 60,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &old[0],
        ],
        3,
    );
    env.at(
        T0 + 60,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            fresh[0],
        ],
        0,
    );
}

#[test]
fn five_wrong_proofs_lock_and_unlock_frees() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    for n in 0..5 {
        let wrong = format!(
            "{:06}",
            (oathtool(&secret, T0 + 60).parse::<u32>().unwrap() + 1 + n) % 1_000_000
        );
        let code = if n < 4 { 3 } else { 5 };
        env.at(
            T0 + 60,
            &[
                "user",
                "deactivate-2fa",
                "alice@example.com",
                "--code",
                &wrong,
            ],
            code,
        );
    }
    let right = oathtool(&secret, T0 + 60);
    let run = env.at(
        T0 + 60,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &right,
        ],
        5,
    );
    assert!(run.stderr.contains("locked"), "{}", run.stderr);
    let locked = env
        .run_at(T0 + 61, &["user", "list", "--mfa", "locked", "--json"], "")
        .json();
    assert_eq!(locked.as_array().unwrap().len(), 1);
    env.ok(&["user", "unlock", "alice@example.com"]);
    // The fifth failure locks; the right code during the lock is refused and recorded.
    let actions = env.actions("alice@example.com");
    assert!(
        actions.ends_with(&[
            "user.deactivate_2fa.failed".to_owned(),
            "user.lock".to_owned(),
            "user.deactivate_2fa.failed".to_owned(),
            "user.unlock".to_owned()
        ]),
        "{actions:?}"
    );
    env.at(
        T0 + 62,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &right,
        ],
        0,
    );
}

#[test]
fn list_by_mfa_state_and_devices() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com", "--company", "sales"]);
    env.ok(&[
        "user",
        "add",
        "sso@example.com",
        "--company",
        "sales",
        "--sso",
    ]);
    env.enrol("alice@example.com", T0);
    env.ok(&["company", "enforce-mfa", "sales"]);
    let emails =
        |state: &str| -> Vec<String> { emails(&env.json(&["user", "list", "--mfa", state])) };
    assert_eq!(emails("enrolled"), ["alice@example.com"]);
    assert_eq!(
        emails("missing"),
        ["bob@example.com"],
        "SSO users are not required by the company"
    );
    assert!(emails("locked").is_empty());
    env.fails(&["user", "list", "--mfa", "sometimes"], 2);
    assert_eq!(
        env.json(&["user", "devices", "alice@example.com"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    env.fails(
        &["user", "devices", "alice@example.com", "--revoke", "nope"],
        7,
    );
    assert_eq!(
        env.json(&["user", "devices", "alice@example.com", "--revoke-all"])["revoked"],
        0
    );
    let shown = env.json(&["user", "show", "bob@example.com"]);
    assert_eq!(shown["mfa"]["required_by"][0]["source"], "company");
    assert_eq!(shown["mfa"]["next_sign_in"], "enrol");
}

#[test]
fn stored_recovery_hashes_are_keyed() {
    let env = Env::with_acme();
    let (_, codes) = env.enrol("alice@example.com", T0);
    let hashes: Vec<String> = env
        .query_texts("SELECT code_hash FROM recovery_codes")
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect();
    // Not a plain SHA-256 of a code either: keyed by the store's key.
    let plain: Vec<String> = codes
        .iter()
        .flat_map(|code| [code.clone(), code.replace('-', "")])
        .map(|code| {
            use sha2::Digest;
            data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(code.as_bytes()))
        })
        .collect();
    assert!(hashes.iter().all(|h| !plain.contains(h)), "{hashes:?}");
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| h.len() == 64));
}

/// `--mfa missing` narrows in SQL before the policy decides: it must find exactly the
/// users whose own status says they must enrol, for every source of the requirement.
#[test]
fn the_missing_filter_agrees_with_each_users_status() {
    let env = Env::with_acme();
    env.ok(&["tenant", "create", "open"]);
    env.ok(&["tenant", "create", "strict"]);
    env.ok(&[
        "tenant",
        "set-auth",
        "strict",
        "--enable",
        "--grace-period",
        "14d",
    ]);
    env.ok(&["tenant", "create", "mailers"]);
    env.ok(&[
        "tenant",
        "set-auth",
        "mailers",
        "--enable",
        "--primary",
        "email",
    ]);
    env.ok(&[
        "company",
        "create",
        "hq",
        "--tenant",
        "open",
        "--enforce-mfa",
    ]);
    env.ok(&["role", "create", "admin", "--tenant", "open"]);
    env.ok(&["role", "require-2fa", "admin", "--tenant", "open"]);
    env.ok(&["role", "create", "viewer", "--tenant", "open"]);
    env.ok(&["group", "create", "ops", "--tenant", "open"]);
    env.ok(&["group", "grant-role", "ops", "admin", "--tenant", "open"]);
    for (email, tenant, extra) in [
        ("local-hq@example.com", "open", &["--company", "hq"][..]),
        ("sso-hq@example.com", "open", &["--company", "hq", "--sso"]),
        ("direct@example.com", "open", &[]),
        ("grouped@example.com", "open", &[]),
        ("viewer@example.com", "open", &[]),
        ("plain@example.com", "open", &[]),
        ("graced@example.com", "strict", &[]),
        ("mailed@example.com", "mailers", &[]),
    ] {
        let mut args = vec!["user", "add", email, "--tenant", tenant];
        args.extend(extra);
        env.ok(&args);
    }
    env.ok(&[
        "role",
        "assign",
        "admin",
        "direct@example.com",
        "--tenant",
        "open",
    ]);
    env.ok(&[
        "role",
        "assign",
        "viewer",
        "viewer@example.com",
        "--tenant",
        "open",
    ]);
    env.ok(&[
        "group",
        "add-member",
        "ops",
        "grouped@example.com",
        "--tenant",
        "open",
    ]);

    let all = env.json(&["user", "list"]);
    let mut expected: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            let mfa = &u["mfa"];
            matches!(
                mfa["next_sign_in"].as_str(),
                Some("enrol" | "enrol_or_skip")
            ) && !mfa["methods"].as_array().unwrap().contains(&"email".into())
        })
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect();
    expected.sort();
    let mut missing = emails(&env.json(&["user", "list", "--mfa", "missing"]));
    missing.sort();
    assert_eq!(missing, expected);
    // Company (local users only), a role held directly or through a group, the tenant
    // with its grace period; not the SSO user, the viewer, the plain user, nor the
    // user whose tenant verifies by email.
    assert_eq!(
        missing,
        [
            "direct@example.com",
            "graced@example.com",
            "grouped@example.com",
            "local-hq@example.com"
        ]
    );
}

/// SSO users sign in with their identity provider: whatever requires 2FA of the local
/// users around them, they are never "missing" it, in any list or in `user show`.
#[test]
fn sso_users_are_never_missing_2fa() {
    let env = Env::with_acme();
    env.ok(&["tenant", "set-auth", "acme", "--enable"]);
    env.ok(&["company", "enforce-mfa", "sales"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    env.ok(&[
        "user",
        "add",
        "sso@example.com",
        "--sso",
        "--company",
        "sales",
    ]);
    env.ok(&["role", "assign", "admin", "sso@example.com"]);
    env.ok(&["group", "add-member", "ops", "sso@example.com"]);

    let missing = env.json(&["user", "list", "--mfa", "missing"]);
    let emails: Vec<&str> = missing
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["alice@example.com"], "{missing}");

    let shown = env.json(&["user", "show", "sso@example.com"]);
    assert_eq!(shown["kind"], "sso");
    assert_eq!(shown["mfa"]["required"], false, "{shown}");
    assert_eq!(shown["mfa"]["next_sign_in"], "nothing");
    let text = env.ok(&["user", "show", "sso@example.com"]);
    assert!(text.contains("identity provider"), "{text}");
    assert!(text.contains("signs in through SSO"), "{text}");
    let table = env.ok(&["user", "list"]);
    let row = table
        .lines()
        .find(|l| l.contains("sso@example.com"))
        .unwrap();
    assert!(
        row.contains("sso (elsewhere)") && !row.contains("missing"),
        "{table}"
    );

    let dry = env.json(&["company", "enforce-mfa", "sales", "--dry-run"]);
    assert!(!dry.to_string().contains("sso@example.com"), "{dry}");
}

/// The 2FA column and `user show` say what is really going on: a pending enrolment, a
/// lock, and a grace period that has not started yet.
#[test]
fn user_status_shows_pending_enrolments_locks_and_a_grace_not_yet_started() {
    let env = Env::with_acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--grace-period",
        "14d",
    ]);
    let text = env.at(T0, &["user", "show", "alice@example.com"], 0).stdout;
    let grace = text
        .lines()
        .find(|l| l.starts_with("grace period ends"))
        .unwrap();
    assert!(
        grace.contains("not started") && grace.contains("14d"),
        "{text}"
    );

    env.at(
        T0,
        &["user", "activate-2fa", "alice@example.com", "--json"],
        0,
    );
    let text = env
        .at(T0 + 60, &["user", "show", "alice@example.com"], 0)
        .stdout;
    assert!(text.contains("an enrolment is pending until"), "{text}");
    let table = env.at(T0 + 60, &["user", "list"], 0).stdout;
    assert!(table.contains("missing (enrolment pending)"), "{table}");

    for _ in 0..5 {
        env.run_at(
            T0 + 60,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        );
    }
    let locked = env
        .at(T0 + 61, &["user", "list", "--mfa", "locked"], 0)
        .stdout;
    let row = locked
        .lines()
        .find(|l| l.contains("alice@example.com"))
        .unwrap();
    assert!(row.contains("locked until"), "{locked}");
}

/// A store edited by hand with values mfactl never writes (the largest grace period,
/// audit sequence and email-code time there are) gives answers, not a crash.
#[test]
fn extreme_values_written_behind_mfactls_back_do_not_crash_it() {
    let env = Env::with_acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--grace-period",
        "14d",
    ]);
    env.execute("UPDATE tenants SET grace_period_secs = 9223372036854775807");
    for args in [
        &["user", "list"][..],
        &["user", "list", "--mfa", "missing"],
        &["user", "show", "alice@example.com"],
        &["report"],
        &["report", "--csv"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
}

/// `user show` tells what the next sign-in really accepts: with email codes as the
/// tenant's secondary method, an email code instead of enrolling; and "may turn 2FA off"
/// only means something once 2FA is on.
#[test]
fn user_show_names_the_email_way_out_and_no_deactivation_without_2fa() {
    let env = Env::with_acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--secondary",
        "email",
    ]);
    let text = env.ok(&["user", "show", "alice@example.com"]);
    let next = text
        .lines()
        .find(|l| l.starts_with("next sign-in asks"))
        .unwrap();
    assert!(
        next.contains("or an email code instead (--method email)"),
        "{text}"
    );
    let off = text
        .lines()
        .find(|l| l.starts_with("may turn 2FA off"))
        .unwrap();
    assert!(off.contains("2FA is not on"), "{text}");
}
