//! The lock of SPEC §4 under attack (issue 8, finding 3): it is decided after the
//! password, inside the transaction that records the attempt, so neither a password
//! that arrives late nor a burst of parallel attempts gets past it, and a locked account
//! does not tell whether the password was right.

use std::io::Write;
use std::process::Stdio;

use crate::support::{Env, PASSWORD, T0, oathtool, wait_for};

fn failed_attempts(env: &Env) -> (i64, Option<i64>) {
    let row = env.query_ints(
        "SELECT failed_attempts, locked_until FROM users WHERE email = 'alice@example.com'",
    );
    (row[0].unwrap(), row[1])
}

fn wrong_password(env: &Env) -> i32 {
    env.run_with(
        &["login", "alice@example.com", "--password-stdin"],
        "wrong password\n",
    )
    .code
}

/// The attack: a sign-in starts and reads the user before the lock, its (right) password
/// arrives on a slow stdin after five failures locked the user. It must be refused with
/// exit 5, and the counter and lock must stay as they were.
#[test]
fn a_slow_password_arriving_after_the_lock_is_refused_and_resets_nothing() {
    let env = Env::with_acme();
    let fifo = env.path("password.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // `<>` opens the FIFO without waiting for a writer, so mfactl starts at once and
    // blocks reading the password.
    let slow = env
        .shell(
            "exec mfactl login alice@example.com --password-stdin --json <> \"$1\"",
            &[fifo.to_str().unwrap()],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = slow.id();
    wait_for("the sign-in to wait for its password", || {
        env.blocked_with_store_open(pid)
    });
    let codes: Vec<i32> = (0..5).map(|_| wrong_password(&env)).collect();
    assert_eq!(codes, [3, 3, 3, 3, 5]);
    let locked = failed_attempts(&env);
    assert_eq!(locked.0, 5);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .unwrap()
        .write_all(PASSWORD.as_bytes())
        .unwrap();
    let out = slow.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing may read as signed in");
    assert_eq!(failed_attempts(&env), locked, "the lock must be intact");
}

/// With 2FA on, the right password during the lock gets exit 5 like a wrong one; it must
/// not get exit 4 ("now give the code"), which would confirm the password.
#[test]
fn a_locked_account_does_not_confirm_the_password() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let at = T0 + 60;
    for _ in 0..5 {
        env.run_at(
            at,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        );
    }
    let right = env.run_at(
        at,
        &["login", "alice@example.com", "--password-stdin"],
        PASSWORD,
    );
    let wrong = env.run_at(
        at,
        &["login", "alice@example.com", "--password-stdin"],
        "wrong password\n",
    );
    assert_eq!((right.code, wrong.code), (5, 5));
    assert_eq!(right.stderr, wrong.stderr, "the answers must not differ");
    // The right password and the right code during the lock: still 5, nothing reset.
    let both = env.run_at(
        at + 30,
        &[
            "login",
            "alice@example.com",
            "--password-stdin",
            "--code",
            &oathtool(&secret, at + 30),
        ],
        PASSWORD,
    );
    assert_eq!(both.code, 5, "{}", both.stderr);
    assert_eq!(failed_attempts(&env).0, 5);
    let refused = env
        .json(&["audit", "--target", "alice@example.com"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "login.failed" && e["details"]["failure"] == "locked")
        .count();
    assert_eq!(refused, 3, "refusals during the lock are audited");
}

/// The attack: 24 wrong passwords and the right one, all at once from 25 machines (each
/// its own HOME: its witness, its outbox; the one key file), for a user whose password
/// alone is a complete sign-in. Whatever order the store serialises them in, the right
/// one signs in only if fewer than five failures were counted before it, it never signs
/// in after the lock (which would clear it), and the lock ends up set with exactly five
/// failures counted, mailed once, and the log intact as every machine sees it.
#[test]
fn twenty_four_wrong_and_one_right_password_in_parallel_never_get_past_the_lock() {
    let env = Env::with_acme();
    let machines: Vec<_> = (0..25).map(|n| env.machine(&format!("m{n}"))).collect();
    let children: Vec<(bool, std::process::Child)> = machines
        .iter()
        .enumerate()
        .map(|(n, machine)| {
            let right = n == 12;
            let mut child = machine
                .std_cmd()
                .args(["login", "alice@example.com", "--password-stdin"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let password = if right { PASSWORD } else { "wrong password\n" };
            child
                .stdin
                .take()
                .unwrap()
                .write_all(password.as_bytes())
                .unwrap();
            (right, child)
        })
        .collect();
    let mut wrong_codes = Vec::new();
    let mut right_code = None;
    for (right, mut child) in children {
        let code = child.wait().unwrap().code().unwrap();
        if right {
            right_code = Some(code);
        } else {
            wrong_codes.push(code);
        }
    }
    let threes = wrong_codes.iter().filter(|c| **c == 3).count();
    let fives = wrong_codes.iter().filter(|c| **c == 5).count();
    assert_eq!(threes + fives, 24, "{wrong_codes:?}");
    // The order the store recorded them in.
    let actions = env.actions("alice@example.com");
    let lock_at = actions.iter().position(|a| a == "user.lock").unwrap();
    match right_code {
        Some(0) => {
            let signed_in_at = actions.iter().position(|a| a == "login").unwrap();
            assert!(
                signed_in_at < lock_at,
                "signed in after the lock: {actions:?}"
            );
            let failed_before = actions[..signed_in_at]
                .iter()
                .filter(|a| *a == "login.failed")
                .count();
            assert!(failed_before < 5, "{actions:?}");
            assert_eq!(threes, 4 + failed_before, "{wrong_codes:?} {actions:?}");
        }
        Some(5) => {
            assert_eq!((threes, fives), (4, 20), "{wrong_codes:?}");
            assert!(!actions.contains(&"login".to_owned()), "{actions:?}");
        }
        other => panic!("the right password got {other:?}"),
    }
    let (failed, locked_until) = failed_attempts(&env);
    assert_eq!(failed, 5);
    assert!(
        locked_until.is_some(),
        "the lock must be in place at the end"
    );
    assert_eq!(actions.iter().filter(|a| *a == "user.lock").count(), 1);
    // The lock's mail went out once, from the machine whose attempt locked the user.
    let lock_mails: usize = machines
        .iter()
        .map(|m| {
            m.outbox()
                .iter()
                .filter(|text| text.contains("alice@example.com"))
                .count()
        })
        .sum();
    assert_eq!(lock_mails, 1);
    for machine in &machines {
        assert_eq!(machine.json(&["audit", "verify"])["ok"], true);
    }
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
}

/// The adversary's F12: a counter tampered to its maximum does not panic the sign-in.
#[test]
fn a_tampered_counter_does_not_panic() {
    let env = Env::with_acme();
    env.execute("UPDATE users SET failed_attempts = 9223372036854775807");
    let run = env.run_with(
        &["login", "alice@example.com", "--password-stdin"],
        "wrong password\n",
    );
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// SPEC §4: the count goes back to 0 only after a complete sign-in, never when a lock
/// ends. After a lock has run out, the next failure locks again at once (so a clock
/// moved forward past each lock still buys one guess at a time, not five).
#[test]
fn after_a_lock_ends_the_next_failure_locks_again() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let wrong = |at: i64| {
        env.run_at(
            at,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        )
        .code
    };
    let codes: Vec<i32> = (0..5).map(|_| wrong(T0 + 60)).collect();
    assert_eq!(codes, [3, 3, 3, 3, 5]);
    let after = T0 + 60 + 15 * 60 + 5;
    assert_eq!(
        wrong(after),
        5,
        "one more failure after the lock locks again"
    );
    let later = after + 15 * 60 + 5;
    let run = env.run_at(
        later,
        &[
            "login",
            "alice@example.com",
            "--password-stdin",
            "--code",
            &oathtool(&secret, later),
        ],
        PASSWORD,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        failed_attempts(&env).0,
        0,
        "a complete sign-in resets the count"
    );
}

/// Values in the store that no mfactl writes (a step at the end of time, argon2
/// parameters asking for 4 TiB or a thousand passes) give an error, not a panic, an
/// abort or a hang.
#[test]
fn values_no_mfactl_writes_are_errors_not_crashes() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    env.execute("UPDATE totp_steps SET step = 9223372036854775807");
    let run = env.run_at(
        T0 + 60,
        &[
            "login",
            "alice@example.com",
            "--password-stdin",
            "--code",
            &oathtool(&secret, T0 + 60),
        ],
        PASSWORD,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for params in ["m=4294967295,t=2,p=1", "m=19456,t=1000,p=1"] {
        env.execute(&format!(
            "UPDATE users SET password_hash = replace(password_hash, 'm=19456,t=2,p=1', '{params}')"
        ));
        let run = env.run_with(
            &["login", "alice@example.com", "--password-stdin"],
            PASSWORD,
        );
        assert_eq!(run.code, 1, "{params}: {}", run.stderr);
        assert!(
            run.stderr.contains("not one mfactl can check"),
            "{}",
            run.stderr
        );
        env.execute(&format!(
            "UPDATE users SET password_hash = replace(password_hash, '{params}', 'm=19456,t=2,p=1')"
        ));
    }
}
