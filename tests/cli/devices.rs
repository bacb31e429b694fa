//! Remembered devices under attack (issue 8, findings 1, 2, 9 and 12): a token comes
//! only from a sign-in that passed a second factor, stands in for it only while the
//! user's factors and password are unchanged and it is younger than the tenant's
//! current lifetime, and never silences an explicit `--code`.

use crate::support::{Env, PASSWORD, Run, T0, expect, login, oathtool, remember, walk};

const DAY: i64 = 86_400;

fn with_token(env: &Env, at: i64, token: &str) -> Run {
    login(env, at, "alice@example.com", &["--device-token", token])
}

/// Finding 1: `--remember` on a password-only sign-in (no 2FA yet, or `--skip` in the
/// grace period) issues nothing, so nothing can skip the factor required later.
#[test]
fn a_sign_in_without_a_second_factor_remembers_no_device() {
    let env = Env::with_acme();
    let plain = login(&env, T0, "alice@example.com", &["--remember"]);
    expect(&plain, 0);
    assert_eq!(plain.json()["factor"], "password");
    assert!(
        plain.json().get("device_token").is_none(),
        "{}",
        plain.stdout
    );
    assert!(
        plain.stderr.contains("--remember was ignored"),
        "{}",
        plain.stderr
    );
    env.enable_with_grace();
    let skipped = login(
        &env,
        T0 + 60,
        "alice@example.com",
        &["--skip", "--remember"],
    );
    expect(&skipped, 0);
    assert!(skipped.json().get("device_token").is_none());
    assert!(
        !env.path("home/.local/share/mfactl/devices").exists(),
        "no token file may be saved"
    );
    // The company enforces MFA and alice enrols: only a code signs her in.
    env.ok(&["company", "enforce-mfa", "sales"]);
    let (_, _) = env.enrol("alice@example.com", T0 + 120);
    expect(&login(&env, T0 + 180, "alice@example.com", &[]), 4);
}

/// Finding 1 on a store of the landed version: bob's token came from a password-only
/// sign-in. After the upgrade, once 2FA is required and he has enrolled, the token must
/// not skip his code.
#[test]
fn a_token_from_before_the_upgrade_skips_nothing() {
    let env = Env::with_v1_store();
    if env.sqlite_only(
        "an SQLite schema-1 fixture: no PostgreSQL store was ever at schema 1 (a new one is made at the newest schema)",
    ) {
        return;
    }
    let token = Env::fixture("store-v1.bob-token");
    env.ok(&["tenant", "set-auth", "acme", "--enable"]);
    env.enrol("bob@example.com", T0 + 3600);
    let run = env.run_at(
        T0 + 3660,
        &[
            "login",
            "bob@example.com",
            "--password-stdin",
            "--device-token",
            &token,
        ],
        PASSWORD,
    );
    expect(&run, 4);
    assert!(
        run.stderr.contains("unknown, expired or revoked"),
        "{}",
        run.stderr
    );
}

/// Finding 1: enrolling (again), new recovery codes or a new password end every token.
#[test]
fn a_change_of_factors_or_password_ends_remembered_devices() {
    let env = Env::with_acme();
    env.ok(&["tenant", "set-auth", "acme", "--remember-device-days", "30"]);
    let (secret, _) = env.enrol("alice@example.com", T0);
    let token = remember(&env, &secret, T0 + 60);
    expect(&with_token(&env, T0 + 90, &token), 0);
    env.at(
        T0 + 120,
        &[
            "user",
            "recovery-codes",
            "alice@example.com",
            "--regenerate",
        ],
        0,
    );
    expect(&with_token(&env, T0 + 150, &token), 4);
    // Reset and enrol a new phone: an old token must not skip the new factor.
    let token = remember(&env, &secret, T0 + 180);
    env.at(
        T0 + 200,
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "new phone",
            "--yes",
        ],
        0,
    );
    let (secret, _) = env.enrol("alice@example.com", T0 + 240);
    expect(&with_token(&env, T0 + 300, &token), 4);
    let token = remember(&env, &secret, T0 + 330);
    let changed = env.run_with(
        &[
            "user",
            "set-password",
            "alice@example.com",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert_eq!(changed.code, 0, "{}", changed.stderr);
    expect(&with_token(&env, T0 + 390, &token), 4);
}

/// Finding 2: an explicit `--code` is checked even on a remembered device; a wrong one
/// is a failed attempt, not a sign-in by the device.
#[test]
fn an_explicit_code_is_checked_on_a_remembered_device() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let token = remember(&env, &secret, T0 + 60);
    // With the saved token and with the token named, a wrong code fails.
    for extra in [vec![], vec!["--device-token", token.as_str()]] {
        let mut args = extra.clone();
        args.extend(["--code", "000000"]);
        let run = login(&env, T0 + 90, "alice@example.com", &args);
        expect(&run, 3);
        assert!(!run.stdout.contains("remembered_device"), "{}", run.stdout);
    }
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["failed_attempts"], 2);
    // The right code on the remembered device signs in by the code.
    let ok = expect(
        &login(
            &env,
            T0 + 120,
            "alice@example.com",
            &["--code", &oathtool(&secret, T0 + 120)],
        ),
        0,
    )
    .json();
    assert_eq!(ok["factor"], "totp");
}

/// Finding 9: the tenant's *current* lifetime decides. 90 → 1 day ends a 2-day-old
/// token; 0 and then 90 again revives none.
#[test]
fn the_current_remember_device_lifetime_applies_to_existing_tokens() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let token = remember(&env, &secret, T0 + 60);
    expect(&with_token(&env, T0 + 2 * DAY, &token), 0);
    env.at(
        T0 + 2 * DAY + 10,
        &["tenant", "set-auth", "acme", "--remember-device-days", "1"],
        0,
    );
    expect(&with_token(&env, T0 + 2 * DAY + 60, &token), 4);
    env.at(
        T0 + 2 * DAY + 90,
        &["tenant", "set-auth", "acme", "--remember-device-days", "90"],
        0,
    );
    expect(&with_token(&env, T0 + 2 * DAY + 120, &token), 4);
    // A fresh token, then remembering turned off and on again: it stays dead.
    let at = T0 + 3 * DAY;
    let token = remember(&env, &secret, at);
    expect(&with_token(&env, at + 60, &token), 0);
    env.at(
        at + 90,
        &["tenant", "set-auth", "acme", "--remember-device-days", "0"],
        0,
    );
    env.at(
        at + 120,
        &["tenant", "set-auth", "acme", "--remember-device-days", "90"],
        0,
    );
    expect(&with_token(&env, at + 150, &token), 4);
    let revoked: Vec<i64> = env
        .json(&["audit", "--target", "tenant:acme"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "tenant.set_auth")
        .map(|e| e["details"]["devices_revoked"].as_i64().unwrap())
        .collect();
    assert_eq!(
        revoked,
        [1, 0, 1, 0],
        "shortening revokes, lengthening does not"
    );
}

/// A token remembered under a clock that ran ahead is not honoured back in real time.
#[test]
fn a_token_issued_under_a_clock_ahead_is_not_honoured() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let ahead = T0 + 30 * DAY;
    let token = remember(&env, &secret, ahead);
    expect(&with_token(&env, T0 + 60, &token), 4);
}

/// Finding 12: `a+b@` and `a_b@` were saved in one token file. Each user's saved token
/// is their own, and names no email in its file name.
#[test]
fn saved_tokens_of_similar_emails_do_not_collide() {
    let env = Env::with_acme();
    let mut secrets = Vec::new();
    for email in ["a+b@example.com", "a_b@example.com"] {
        let run = env.run_with(&["user", "add", email, "--password-stdin"], PASSWORD);
        assert_eq!(run.code, 0, "{}", run.stderr);
        secrets.push(env.enrol(email, T0).0);
    }
    for (email, secret) in ["a+b@example.com", "a_b@example.com"].iter().zip(&secrets) {
        let at = T0 + 60;
        let remembered = expect(
            &login(
                &env,
                at,
                email,
                &["--code", &oathtool(secret, at), "--remember"],
            ),
            0,
        )
        .json();
        assert!(remembered["device_token"].is_string());
    }
    for email in ["a+b@example.com", "a_b@example.com"] {
        let view = expect(&login(&env, T0 + 120, email, &[]), 0).json();
        assert_eq!(view["factor"], "remembered_device", "{email}");
    }
    let dir = env.path("home/.local/share/mfactl/devices");
    let files: Vec<String> = walk(&dir)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().all(|f| !f.contains("example")), "{files:?}");
}

/// The adversary's F9: a link planted where the token file goes is replaced, never
/// written through; a folder of saved tokens open to others is refused.
#[test]
fn a_saved_token_is_never_written_through_a_planted_link() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    remember(&env, &secret, T0 + 60);
    let dir = env.path("home/.local/share/mfactl/devices");
    let token_file = walk(&dir).pop().unwrap();
    let loot = env.path("loot");
    std::fs::write(&loot, "untouched").unwrap();
    std::fs::remove_file(&token_file).unwrap();
    std::os::unix::fs::symlink(&loot, &token_file).unwrap();
    let token = remember(&env, &secret, T0 + 90);
    assert_eq!(std::fs::read_to_string(&loot).unwrap(), "untouched");
    assert!(!std::fs::symlink_metadata(&token_file).unwrap().is_symlink());
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), token);
    // A folder others may write to: nothing is remembered, the sign-in does not pass.
    let folder = token_file.parent().unwrap();
    std::fs::set_permissions(
        folder,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o777),
    )
    .unwrap();
    let run = login(
        &env,
        T0 + 120,
        "alice@example.com",
        &["--code", &oathtool(&secret, T0 + 120), "--remember"],
    );
    expect(&run, 1);
    assert!(
        run.stderr.contains("not this user's private folder"),
        "{}",
        run.stderr
    );
}
