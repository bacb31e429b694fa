//! Time as an input (issue 8, findings 6, 7 and 8): the clock is read when each
//! decision is made, so a code typed at a prompt is checked at the time it was typed and
//! entries carry the time they were written; a clock that once ran far ahead does not
//! turn later codes into "replays"; what happens in time (a pending enrolment, a grace
//! period, a failed sign-in) is in the audit log, and pending enrolments expire.

use crate::support::{Env, FakeClock, PASSWORD, T0, expect, oathtool, require_tool, stamp};

const DAY: i64 = 86_400;

fn spawn(env: &Env, clock: &FakeClock, args: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = env.std_cmd();
    cmd.args(args);
    clock.apply(&mut cmd);
    rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

/// Finding 6: the current code typed 95 s after the prompt appeared is accepted; the
/// code of the time the prompt appeared is not. The entry is stamped when written.
#[test]
fn a_code_typed_at_a_prompt_is_checked_at_the_time_it_was_typed() {
    require_tool("oathtool", "oathtool");
    let env = Env::with_acme();
    let clock = FakeClock::new(&env, T0);
    let mut p = spawn(&env, &clock, &["user", "activate-2fa", "alice@example.com"]);
    let (_, key_line) = p.exp_regex(r"Or type this key: [A-Z2-7 ]+").expect("key");
    let secret: String = key_line
        .trim_start_matches("Or type this key: ")
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("code prompt");
    let stale = oathtool(&secret, T0);
    clock.set(T0 + 95);
    p.send_line(&stale).unwrap();
    p.exp_string("try again")
        .expect("the stale code is refused");
    p.exp_string("Enter the 6-digit code").expect("asked again");
    p.send_line(&oathtool(&secret, T0 + 95)).unwrap();
    p.exp_string("Recovery codes").expect("accepted");
    p.exp_string("[y/N]").expect("saved?");
    p.send_line("y").unwrap();
    p.exp_string("2FA is on for alice@example.com")
        .expect("done");
    p.exp_eof().unwrap();
    let entries = env.json(&["audit", "--target", "alice@example.com"]);
    let at = |action: &str| {
        entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == action)
            .map(|e| e["at"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(
        at("user.enrolment_started"),
        mfactl::core::time::format_rfc3339(T0)
    );
    assert_eq!(
        at("user.activate_2fa"),
        mfactl::core::time::format_rfc3339(T0 + 95)
    );
}

/// The lock is read when the code is checked: a user locked while they sat at the code
/// prompt is refused, right code or not.
#[test]
fn a_lock_set_while_the_user_sits_at_the_code_prompt_is_honoured() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let clock = FakeClock::new(&env, T0 + 60);
    let mut p = spawn(&env, &clock, &["login", "alice@example.com"]);
    p.exp_string("Password: ").expect("password prompt");
    crate::prompts::wait_for_echo_off(&p);
    p.send_line("correct horse").unwrap();
    p.exp_string("Code from the authenticator app")
        .expect("code prompt");
    for _ in 0..5 {
        env.run_at(
            T0 + 70,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        );
    }
    clock.set(T0 + 90);
    p.send_line(&oathtool(&secret, T0 + 90)).unwrap();
    p.exp_string("locked").expect("refused: locked");
    let status = p.process.wait().unwrap();
    assert!(
        matches!(status, rexpect::process::wait::WaitStatus::Exited(_, 5)),
        "{status:?}"
    );
}

/// Finding 7: one sign-in under a clock in the year 2300 leaves its step behind. Back in
/// real time a code is refused with a clear error naming both clocks (exit 1), not as a
/// "replay", and nothing counts towards the lock; support's `user unlock` is the way out
/// (the factor stays), after which codes work and a replay is still refused.
#[test]
fn a_clock_that_once_ran_far_ahead_is_named_and_unlock_is_the_way_out() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let y2300 = 10_413_792_010;
    let login = |at: i64, code_at: i64| {
        env.run_at(
            at,
            &[
                "login",
                "alice@example.com",
                "--password-stdin",
                "--code",
                &oathtool(&secret, code_at),
            ],
            PASSWORD,
        )
    };
    expect(&login(y2300, y2300), 0);
    for attempt in 0..6 {
        let at = T0 + 60 + attempt * 30;
        let real = login(at, at);
        expect(&real, 1);
        assert!(
            real.stderr.contains("later than this machine's clock")
                && real.stderr.contains("2300-01-01")
                && real.stderr.contains("user unlock"),
            "{}",
            real.stderr
        );
    }
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(
        shown["mfa"]["failed_attempts"], 0,
        "a clock fault is not a failure"
    );
    // Not counted, but every refused sign-in is in the audit log.
    let faults = env
        .json(&["audit", "--target", "alice@example.com"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "login.failed" && e["details"]["failure"] == "clock_behind")
        .count();
    assert_eq!(faults, 6);
    let unlocked = env.at(
        T0 + 300,
        &["user", "unlock", "alice@example.com", "--json"],
        0,
    );
    assert_eq!(unlocked.json()["codes_ahead_of_clock_dropped"], 1);
    expect(&login(T0 + 330, T0 + 330), 0);
    let replay = login(T0 + 331, T0 + 330);
    expect(&replay, 3);
    assert!(replay.stderr.contains("already used"), "{}", replay.stderr);
    assert!(
        env.actions("alice@example.com")
            .contains(&"user.unlock".to_owned())
    );
}

/// The adversary's F1: an old code (from a log, a screen) replayed under a clock set
/// back to its time, after more codes were accepted than the store keeps: refused, for
/// sign-in and for turning 2FA off.
#[test]
fn setting_the_clock_back_never_reopens_a_used_code() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let old_at = T0 + 9 * 3600;
    let old = oathtool(&secret, old_at);
    let login = |at: i64, code: &str| {
        env.run_at(
            at,
            &[
                "login",
                "alice@example.com",
                "--password-stdin",
                "--code",
                code,
            ],
            PASSWORD,
        )
    };
    expect(&login(old_at, &old), 0);
    for day in 1..=9 {
        let at = old_at + day * 86_400;
        expect(&login(at, &oathtool(&secret, at)), 0);
    }
    let replay = login(old_at, &old);
    assert_ne!(replay.code, 0, "{}", replay.stdout);
    let off = env.run_at(
        old_at,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--code",
            &old,
        ],
        "",
    );
    assert_ne!(off.code, 0, "{}", off.stdout);
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["enrolled"],
        true
    );
}

/// A grace period started under a clock a year ahead does not last a year more.
#[test]
fn a_grace_period_started_under_a_clock_ahead_does_not_stretch() {
    let env = Env::with_acme();
    env.enable_with_grace();
    let skip = |at: i64| {
        env.run_at(
            at,
            &[
                "login",
                "alice@example.com",
                "--password-stdin",
                "--skip",
                "--json",
            ],
            PASSWORD,
        )
    };
    expect(&skip(T0 + 365 * DAY), 0);
    let back = skip(T0).json();
    assert_eq!(
        back["grace_ends_at"],
        mfactl::core::time::format_rfc3339(T0 + 14 * DAY)
    );
    let run = skip(T0 + 15 * DAY);
    expect(&run, 6);
    assert!(run.stderr.contains("grace period ended"), "{}", run.stderr);
}

/// Finding 8: pending enrolments, grace starts and failures are audited, a pending
/// enrolment expires after an hour (shown in `user show`), and each start makes a new
/// secret: one shown to another run (an attacker with the password) is never reused.
#[test]
fn pending_enrolments_grace_starts_and_failures_are_audited_and_pending_ones_expire() {
    let env = Env::with_acme();
    env.enable_with_grace();
    let first = env.at(
        T0,
        &["user", "activate-2fa", "alice@example.com", "--json"],
        0,
    );
    assert_eq!(
        first.json()["expires_at"],
        mfactl::core::time::format_rfc3339(T0 + 3600)
    );
    let shown = env.run_at(
        T0 + 120,
        &["user", "show", "alice@example.com", "--json"],
        "",
    );
    assert_eq!(shown.json()["mfa"]["pending_enrolment"], true);
    let text = env.run_at(T0 + 120, &["user", "show", "alice@example.com"], "");
    assert!(text.stdout.contains("pending until"), "{}", text.stdout);
    // The sign-in that stops to enrol starts the grace period, with a new secret.
    let stopped = env.run_at(
        T0 + 180,
        &["login", "alice@example.com", "--password-stdin", "--json"],
        PASSWORD,
    );
    expect(&stopped, 4);
    assert_ne!(stopped.json()["secret"], first.json()["secret"]);
    env.run_at(
        T0 + 200,
        &["login", "alice@example.com", "--password-stdin"],
        "wrong password\n",
    );
    let secret = stopped.json()["secret"].as_str().unwrap().to_owned();
    // An hour later the pending secret is gone: its code finishes nothing.
    let late = T0 + 180 + 3600 + 60;
    let run = env.run_at(
        late,
        &[
            "login",
            "alice@example.com",
            "--password-stdin",
            "--code",
            &oathtool(&secret, late),
        ],
        PASSWORD,
    );
    expect(&run, 7);
    assert!(run.stderr.contains("expired"), "{}", run.stderr);
    let shown = env.run_at(late, &["user", "show", "alice@example.com", "--json"], "");
    assert_eq!(shown.json()["mfa"]["pending_enrolment"], false);
    let actions = env.actions("alice@example.com");
    let expected = [
        "user.add",
        "user.enrolment_started",
        "user.grace_start",
        "user.enrolment_started",
        "login.failed",
    ];
    assert_eq!(actions, expected, "at {}", stamp(late));
    let entries = env.json(&["audit", "--target", "alice@example.com"]);
    assert_eq!(entries[3]["details"]["replaced_pending"], true);
    assert_eq!(entries[4]["details"]["failure"], "wrong_password");
    assert_eq!(entries[4]["details"]["failed_attempts"], 1);
}
