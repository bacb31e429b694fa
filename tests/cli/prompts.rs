//! Prompts that forgive (issue 11), on a real pseudo-terminal: a wrong code at `login`
//! is asked again (each try counted towards the lock, the lock ending the run at once),
//! a malformed code is asked again without costing a try, a refused new password is
//! asked again saying why, and a declined confirmation changes nothing (exit 4, as without --yes).

use nix::sys::termios::{LocalFlags, tcgetattr};
use rexpect::process::wait::WaitStatus;
use rexpect::session::PtySession;

use crate::support::{Env, FakeClock, PASSWORD, T0, login, oathtool, wait_for};

/// 2030-01-01T00:01:10Z: two steps after alice was enrolled at `T0`.
const AT: i64 = T0 + 60;

fn spawn(env: &Env, clock: Option<&FakeClock>, args: &[&str]) -> PtySession {
    let mut cmd = env.std_cmd();
    cmd.args(args);
    if let Some(clock) = clock {
        clock.apply(&mut cmd);
    }
    rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

/// Waits until the program turned echo off (and reads a whole line), as a password
/// prompt does: typing earlier is lost to the flush that turns echo off.
pub fn wait_for_echo_off(p: &PtySession) {
    wait_for("the password prompt to turn echo off", || {
        let flags = tcgetattr(&p.process.pty).expect("tcgetattr").local_flags;
        !flags.contains(LocalFlags::ECHO) && flags.contains(LocalFlags::ICANON)
    });
}

/// Types a password at a prompt that shows `prompt`.
fn type_password(p: &mut PtySession, prompt: &str, password: &str) {
    p.exp_string(prompt).expect("password prompt");
    wait_for_echo_off(p);
    p.send_line(password).unwrap();
}

/// The exit code of the program, once it ends.
fn exit_code(p: &mut PtySession) -> i32 {
    p.exp_eof().expect("the program ends");
    exit_status(p)
}

/// The exit code of a program whose output ended.
fn exit_status(p: &PtySession) -> i32 {
    match p.process.wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the program did not exit: {other:?}"),
    }
}

/// A 6-digit code that is none of the codes accepted at `at` (one step either side).
fn wrong_code(secret: &str, at: i64) -> String {
    let accepted = [at - 30, at, at + 30].map(|t| oathtool(secret, t));
    let mut n: u32 = accepted[1].parse::<u32>().unwrap();
    loop {
        n = (n + 500_001) % 1_000_000;
        let code = format!("{n:06}");
        if !accepted.contains(&code) {
            return code;
        }
    }
}

/// Alice enrolled at `T0`, and a clock standing at `AT` for the binary.
fn enrolled() -> (Env, String, FakeClock) {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let clock = FakeClock::new(&env, AT);
    (env, secret, clock)
}

fn failed_attempts(env: &Env) -> i64 {
    env.json(&["user", "show", "alice@example.com"])["mfa"]["failed_attempts"]
        .as_i64()
        .expect("failed_attempts")
}

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|a| *a == action).count()
}

const CODE_PROMPT: &str =
    "Code from the authenticator app (a recovery code, or 'email' for a code by email): ";

/// Starts `login alice` on a terminal and types the password.
fn login_on_terminal(env: &Env, clock: &FakeClock) -> PtySession {
    let mut p = spawn(env, Some(clock), &["login", "alice@example.com"]);
    type_password(&mut p, "Password: ", PASSWORD.trim_end());
    p
}

#[test]
fn a_wrong_code_then_the_right_one_signs_in_on_one_run() {
    let (env, secret, clock) = enrolled();
    let mut p = login_on_terminal(&env, &clock);
    p.exp_string(CODE_PROMPT).expect("code prompt");
    p.send_line(&wrong_code(&secret, AT)).unwrap();
    p.exp_string("wrong code; try again: 2 tries left (4 before the account locks for 15 minutes)")
        .expect("how many tries are left");
    p.exp_string(CODE_PROMPT).expect("asked again");
    p.send_line(&oathtool(&secret, AT)).unwrap();
    p.exp_string(
        "Signed in as alice@example.com (tenant acme) with a password and an authenticator code.",
    )
    .expect("signed in");
    assert_eq!(exit_code(&mut p), 0);
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.failed"), 1, "{actions:?}");
    assert_eq!(count(&actions, "login"), 1, "{actions:?}");
    // The sign-in completed: the counter is back to 0.
    assert_eq!(failed_attempts(&env), 0);
}

#[test]
fn three_wrong_codes_end_with_exit_3_and_three_counted_failures() {
    let (env, secret, clock) = enrolled();
    let wrong = wrong_code(&secret, AT);
    let mut p = login_on_terminal(&env, &clock);
    for left in ["2 tries left", "1 try left"] {
        p.exp_string(CODE_PROMPT).expect("code prompt");
        p.send_line(&wrong).unwrap();
        p.exp_string(&format!("wrong code; try again: {left} ("))
            .expect("tries left");
    }
    p.exp_string(CODE_PROMPT).expect("the third prompt");
    p.send_line(&wrong).unwrap();
    let last = p.exp_string("error: wrong code").expect("refused");
    assert!(!last.contains("try again"), "{last:?}");
    assert_eq!(exit_code(&mut p), 3);
    assert_eq!(failed_attempts(&env), 3);
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.failed"), 3, "{actions:?}");
    assert_eq!(count(&actions, "user.lock"), 0, "{actions:?}");
}

#[test]
fn at_the_prompt_the_lock_ends_the_run_at_once_with_exit_5() {
    let (env, secret, clock) = enrolled();
    let wrong = wrong_code(&secret, AT);
    for _ in 0..3 {
        crate::support::expect(
            &login(&env, AT, "alice@example.com", &["--code", &wrong]),
            3,
        );
    }
    assert_eq!(failed_attempts(&env), 3);
    let mut p = login_on_terminal(&env, &clock);
    p.exp_string(CODE_PROMPT).expect("code prompt");
    p.send_line(&wrong).unwrap();
    // The lock comes before the run's three tries: the message counts to the lock.
    p.exp_string("wrong code; try again: 1 try left before the account locks for 15 minutes")
        .expect("how many before the lock");
    p.exp_string(CODE_PROMPT).expect("asked again");
    p.send_line(&wrong).unwrap();
    p.exp_string("error: alice@example.com is locked after 5 failed attempts")
        .expect("locked");
    assert_eq!(exit_code(&mut p), 5);
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["failed_attempts"], 5);
    assert!(shown["mfa"]["locked_until"].is_string(), "{shown}");
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.failed"), 5, "{actions:?}");
    assert_eq!(count(&actions, "user.lock"), 1, "{actions:?}");
}

#[test]
fn a_malformed_code_is_asked_again_without_costing_a_try() {
    let (env, secret, clock) = enrolled();
    let mut p = login_on_terminal(&env, &clock);
    p.exp_string(CODE_PROMPT).expect("code prompt");
    p.send_line("12ab56").unwrap();
    p.exp_string("that is not a 6-digit code")
        .expect("told why");
    p.exp_string(CODE_PROMPT).expect("asked again");
    // While it waits at the prompt: nothing was counted or audited.
    assert_eq!(failed_attempts(&env), 0);
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.failed"), 0, "{actions:?}");
    p.send_line(&oathtool(&secret, AT)).unwrap();
    p.exp_string("Signed in as alice@example.com")
        .expect("signed in");
    assert_eq!(exit_code(&mut p), 0);
    // With --code it stays a usage error.
    let run = login(&env, AT, "alice@example.com", &["--code", "12ab56"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_wrong_code_at_the_enrolment_inside_login_is_asked_again_and_counted() {
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let clock = FakeClock::new(&env, AT);
    let mut p = login_on_terminal(&env, &clock);
    let (_, key_line) = p.exp_regex(r"Or type this key: [A-Z2-7 ]+").expect("key");
    let key: String = key_line
        .trim_start_matches("Or type this key: ")
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("code prompt");
    p.send_line("1234567").unwrap();
    p.exp_string("that is not a 6-digit code")
        .expect("malformed");
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("asked again");
    p.send_line(&wrong_code(&key, AT)).unwrap();
    p.exp_string("try again: 2 tries left (4 before the account locks for 15 minutes)")
        .expect("counted");
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("asked again");
    p.send_line(&oathtool(&key, AT)).unwrap();
    p.exp_string("Have you saved the recovery codes somewhere safe? [y/N]")
        .expect("saved?");
    p.send_line("y").unwrap();
    p.exp_string("Signed in as alice@example.com")
        .expect("signed in");
    assert_eq!(exit_code(&mut p), 0);
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.failed"), 1, "{actions:?}");
    assert_eq!(count(&actions, "user.activate_2fa"), 1, "{actions:?}");
}

#[test]
fn a_wrong_proof_at_deactivation_is_asked_again() {
    let (env, secret, clock) = enrolled();
    let mut p = spawn(
        &env,
        Some(&clock),
        &["user", "deactivate-2fa", "alice@example.com"],
    );
    let prompt =
        "Code from the authenticator app, a recovery code, or 'email' for a code by email: ";
    p.exp_string(prompt).expect("proof prompt");
    p.send_line("12ab56").unwrap();
    p.exp_string("is not a code").expect("malformed");
    p.exp_string(prompt).expect("asked again");
    p.send_line(&wrong_code(&secret, AT)).unwrap();
    p.exp_string("wrong code; try again: 2 tries left (4 before the account locks")
        .expect("counted");
    p.exp_string(prompt).expect("asked again");
    p.send_line(&oathtool(&secret, AT)).unwrap();
    p.exp_string("2FA is off for alice@example.com")
        .expect("turned off");
    assert_eq!(exit_code(&mut p), 0);
    let actions = env.actions("alice@example.com");
    assert_eq!(
        count(&actions, "user.deactivate_2fa.failed"),
        1,
        "{actions:?}"
    );
    assert_eq!(count(&actions, "user.deactivate_2fa"), 1, "{actions:?}");
}

#[test]
fn user_add_asks_again_for_a_short_or_mismatched_password() {
    let env = Env::with_acme();
    let mut p = spawn(&env, None, &["user", "add", "bob@example.com"]);
    let first = "Password (empty: set it later): ";
    type_password(&mut p, first, "short");
    p.exp_string("the password has 5 characters; at least 8 are needed; type it again")
        .expect("too short");
    type_password(&mut p, first, "long enough");
    type_password(&mut p, "Repeat the password: ", "long enougj");
    p.exp_string("the two passwords did not match; type it again")
        .expect("mismatch");
    type_password(&mut p, first, "long enough");
    type_password(&mut p, "Repeat the password: ", "long enough");
    p.exp_string("Added local user bob@example.com")
        .expect("added");
    assert_eq!(exit_code(&mut p), 0);
    let run = env.run_with(
        &["login", "bob@example.com", "--password-stdin", "--json"],
        "long enough\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["email"], "bob@example.com");
}

#[test]
fn three_refused_passwords_end_with_exit_2_and_nothing_added() {
    let env = Env::with_acme();
    let mut p = spawn(&env, None, &["user", "set-password", "alice@example.com"]);
    for _ in 0..3 {
        type_password(&mut p, "New password: ", "short");
    }
    p.exp_string("error: no password was set after 3 tries")
        .expect("refused");
    assert_eq!(exit_code(&mut p), 2);
    // The old password still works.
    let run = env.run_with(
        &["login", "alice@example.com", "--password-stdin"],
        PASSWORD,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn declining_a_confirmation_exits_9_and_changes_nothing() {
    let env = Env::with_acme();
    let before = env.snapshot();
    let mut p = spawn(&env, None, &["tenant", "delete", "acme"]);
    p.exp_string("[y/N]").expect("question");
    p.send_line("n").unwrap();
    p.exp_string("error: cancelled: nothing was changed")
        .expect("cancelled");
    assert_eq!(exit_code(&mut p), 4);
    assert!(before == env.snapshot(), "the store changed");
    let mut p = spawn(&env, None, &["company", "delete", "sales", "--json"]);
    p.exp_string("[y/N]").expect("question");
    p.send_line("no").unwrap();
    let rest = p.exp_eof().expect("the program ends");
    // dialoguer shows the cursor again just before the error line.
    let line = rest
        .lines()
        .find_map(|line| line.find("{\"error\"").map(|at| &line[at..]))
        .unwrap_or_else(|| panic!("no JSON error in {rest:?}"));
    let error: serde_json::Value = serde_json::from_str(line.trim()).expect("JSON");
    assert_eq!(error["error"]["kind"], "cancelled");
    assert_eq!(error["error"]["exit_code"], 4);
    assert_eq!(error["error"]["message"], "cancelled: nothing was changed");
    assert_eq!(exit_status(&p), 4);
    assert!(before == env.snapshot(), "the store changed");
}

#[test]
fn the_enrolment_question_in_the_grace_period_takes_no_for_a_skip() {
    let env = Env::with_acme();
    env.enable_with_grace();
    let clock = FakeClock::new(&env, AT);
    let mut p = login_on_terminal(&env, &clock);
    p.exp_string("Enrol an authenticator app now? You may skip until")
        .expect("the question");
    p.exp_string("[Y/n]").expect("yes by default");
    p.send_line("n").unwrap();
    p.exp_string("2FA enrolment skipped; the grace period ends at")
        .expect("skipped");
    assert_eq!(exit_code(&mut p), 0);
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.skip_enrolment"), 1, "{actions:?}");
}

/// `--method totp` asks for an app code only: it does not offer a recovery code it would
/// then refuse, and says why a recovery code is not taken.
#[test]
fn method_totp_asks_for_an_app_code_only() {
    let (env, secret, clock) = enrolled();
    let mut p = spawn(
        &env,
        Some(&clock),
        &["login", "alice@example.com", "--method", "totp"],
    );
    type_password(&mut p, "Password: ", PASSWORD.trim_end());
    let prompt = "Code from the authenticator app (or 'email' for a code by email): ";
    p.exp_string(prompt).expect("an app-only question");
    p.send_line("abcde-fghij").unwrap();
    p.exp_string("--method totp takes codes from the app only")
        .expect("why the recovery code is not taken");
    p.exp_string(prompt).expect("asked again");
    p.send_line(&oathtool(&secret, AT)).unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(failed_attempts(&env), 0);
}

/// Issue 18 on a terminal: after a reset with an access pass, the sign-in asks for the
/// pass (a wrong one counted, asked again), shows the new key only then, and completes
/// once the new app's code is typed.
#[test]
fn an_access_pass_typed_at_the_prompt_opens_the_enrolment_on_one_run() {
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    env.enrol("alice@example.com", T0);
    let issued = env
        .at(
            AT,
            &[
                "user",
                "reset-mfa",
                "alice@example.com",
                "--reason",
                "lost phone",
                "--access-pass",
                "--yes",
                "--json",
            ],
            0,
        )
        .json();
    let pass = issued["access_pass"].as_str().unwrap().to_owned();
    let clock = FakeClock::new(&env, AT + 30);
    let mut p = login_on_terminal(&env, &clock);
    p.exp_string("prove it is you").expect("asked for a proof");
    let prompt = "Access pass support gave you: ";
    p.exp_string(prompt).expect("pass prompt");
    p.send_line("not a pass").unwrap();
    p.exp_string("that is not an access pass")
        .expect("malformed");
    p.exp_string(prompt).expect("asked again");
    p.send_line("ABCD-EFGH-JKMN-PQRS").unwrap();
    p.exp_string("wrong, expired or already used access pass; try again: 2 tries left")
        .expect("counted");
    p.exp_string(prompt).expect("asked again");
    p.send_line(&pass).unwrap();
    p.exp_string("The access pass was accepted")
        .expect("accepted");
    let (_, key_line) = p.exp_regex(r"Or type this key: [A-Z2-7 ]+").expect("key");
    let key: String = key_line
        .trim_start_matches("Or type this key: ")
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("code prompt");
    p.send_line(&oathtool(&key, AT + 30)).unwrap();
    p.exp_string("Have you saved the recovery codes somewhere safe? [y/N]")
        .expect("saved?");
    p.send_line("y").unwrap();
    p.exp_string(
        "Signed in as alice@example.com (tenant acme) with a password and a temporary access pass.",
    )
    .expect("signed in");
    assert_eq!(exit_code(&mut p), 0);
    let actions = env.actions("alice@example.com");
    assert_eq!(count(&actions, "login.failed"), 1, "{actions:?}");
    assert_eq!(count(&actions, "user.access_pass_used"), 1, "{actions:?}");
    assert_eq!(failed_attempts(&env), 0);
}

/// Issue 18, design note: a removal that lifts a 2FA requirement asks on a terminal,
/// naming who would lose it; "no" changes nothing (exit 4), "yes" removes.
#[test]
fn a_removal_that_lifts_2fa_asks_on_a_terminal() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob@example.com", "--no-input"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["group", "create", "ops"]);
    env.ok(&["group", "add-member", "ops", "bob@example.com"]);
    env.ok(&["group", "grant-role", "ops", "admin"]);
    let before = env.snapshot();
    let mut p = spawn(&env, None, &["group", "revoke-role", "ops", "admin"]);
    p.exp_string("bob@example.com would no longer need 2FA from role admin")
        .expect("the question names who would lose it");
    p.exp_string("[y/N]").expect("question");
    p.send_line("n").unwrap();
    p.exp_string("cancelled: nothing was changed")
        .expect("cancelled");
    assert_eq!(exit_code(&mut p), 4);
    assert!(before == env.snapshot(), "the store changed");
    let mut p = spawn(&env, None, &["group", "revoke-role", "ops", "admin"]);
    p.exp_string("[y/N]").expect("question");
    p.send_line("y").unwrap();
    p.exp_string("bob@example.com no longer needs 2FA from role admin")
        .expect("done, naming who lost it");
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        env.json(&["user", "show", "bob@example.com"])["mfa"]["required"],
        false
    );
}

/// Issue 22, item 6: `deactivate-2fa` takes 'email' at its prompt, as `login` does: a
/// code goes by email, and typing it turns 2FA off.
#[test]
fn email_typed_at_the_deactivation_prompt_sends_a_code() {
    let (env, _, clock) = enrolled();
    let mut p = spawn(
        &env,
        Some(&clock),
        &["user", "deactivate-2fa", "alice@example.com"],
    );
    p.exp_string("or 'email' for a code by email: ")
        .expect("proof prompt");
    p.send_line("email").unwrap();
    p.exp_string("Code from the email sent to alice@example.com: ")
        .expect("email code prompt");
    p.send_line(&crate::support::outbox_code(&env)).unwrap();
    p.exp_string("2FA is off for alice@example.com (proved with a code sent by email).")
        .expect("turned off");
    assert_eq!(exit_code(&mut p), 0);
}

/// Issue 22, item 7: a wrong read-back at `reset-mfa --verify-email`'s prompt is asked
/// again (counted towards the lock), as `login` asks again for a code.
#[test]
fn a_wrong_read_back_at_the_reset_prompt_is_asked_again() {
    let (env, _, clock) = enrolled();
    let mut p = spawn(
        &env,
        Some(&clock),
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "lost phone",
            "--verify-email",
            "--yes",
        ],
    );
    let prompt = "Code the caller reads from the email sent to alice@example.com: ";
    p.exp_string(prompt).expect("read-back prompt");
    let code = crate::support::outbox_code(&env);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    p.send_line("12345").unwrap();
    p.exp_string("that is not a 6-digit code")
        .expect("malformed");
    p.exp_string(prompt).expect("asked again");
    p.send_line(wrong).unwrap();
    p.exp_string("the code read back is wrong: 2FA was not reset; try again: 2 tries left (4 before the account locks")
        .expect("counted, asked again");
    p.exp_string(prompt).expect("asked again");
    p.send_line(&code).unwrap();
    p.exp_string("Reset the 2FA of alice@example.com")
        .expect("reset");
    assert_eq!(exit_code(&mut p), 0);
}

/// Issue 22, item 15: a question wider than the terminal is drawn once, `y` then Enter
/// is a yes, and an answer that is neither is asked again.
#[test]
fn a_long_question_is_drawn_once_and_y_means_yes() {
    let env = Env::with_acme();
    let mut p = spawn(&env, None, &["user", "delete", "alice@example.com"]);
    p.exp_string("[y/N]").expect("question");
    p.send_line("maybe").unwrap();
    p.exp_string("answer y (yes) or n (no)")
        .expect("asked again");
    p.exp_string("[y/N]").expect("question again");
    p.send_line("y").unwrap();
    let rest = p.exp_eof().expect("the program ends");
    assert_eq!(exit_status(&p), 0, "{rest}");
    assert!(rest.contains("Deleted user alice@example.com"), "{rest}");
    assert_eq!(
        rest.matches("Delete user alice@example.com").count(),
        0,
        "the question was drawn again after the answer: {rest}"
    );
    assert!(env.run(&["user", "show", "alice@example.com"]).code == 7);
}

/// `policy apply` of a plan that weakens protection shows the plan in colour on the
/// terminal and asks: "no" changes nothing (exit 4), "yes" applies it.
#[test]
fn a_weakening_policy_is_shown_and_asked_on_a_terminal() {
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    std::fs::write(
        env.path("weaker.toml"),
        "version = 1\n[tenants.acme.companies.sales]\nenforce_mfa = false\n",
    )
    .unwrap();
    let before = env.snapshot();
    let mut p = spawn(&env, None, &["policy", "apply", "weaker.toml"]);
    // The op in yellow, the weakening in bold red, then the question.
    p.exp_string("\x1b[33m~\x1b[0m").expect("a coloured change");
    p.exp_string("\x1b[1;31mweakens protection\x1b[0m")
        .expect("the weakening marked");
    p.exp_string("Apply the 1 change above (1 weakens protection)? [y/N]")
        .expect("question");
    p.send_line("n").unwrap();
    p.exp_string("error: cancelled: nothing was changed")
        .expect("cancelled");
    assert_eq!(exit_code(&mut p), 4);
    assert!(before == env.snapshot(), "the store changed");
    let mut p = spawn(&env, None, &["policy", "apply", "weaker.toml"]);
    p.exp_string("[y/N]").expect("question");
    p.send_line("y").unwrap();
    p.exp_string("Applied plan").expect("applied");
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        env.json(&["company", "show", "sales"])["enforce_mfa"],
        false
    );
    // NO_COLOR: the same plan without colour.
    let mut cmd = env.std_cmd();
    cmd.args(["policy", "plan", "weaker.toml"])
        .env("NO_COLOR", "1");
    env.ok(&["company", "enforce-mfa", "sales"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    let shown = p.exp_eof().expect("the program ends");
    assert!(shown.contains("  ~  company  acme/sales"), "{shown:?}");
    assert!(!shown.contains('\x1b'), "{shown:?}");
}

/// Issue 21: at the prompt, a code of the wrong length for an imported 8-digit
/// authenticator is asked again without costing a try (the question says 8 digits),
/// and its 8-digit code signs in.
#[test]
fn an_eight_digit_authenticator_asks_for_eight_digits_at_the_prompt() {
    let env = Env::with_acme();
    let hash = crate::import_secrets::htpasswd(PASSWORD.trim_end(), 4);
    let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
    let csv = format!(
        "email,password_hash,totp_secret,totp_algorithm,totp_digits\nbo@example.com,{hash},{seed},SHA256,8\n"
    );
    let file = crate::import_secrets::write(&env, "bo.csv", &csv);
    env.ok(&["user", "import", &file]);
    let clock = FakeClock::new(&env, AT);
    let mut p = spawn(&env, Some(&clock), &["login", "bo@example.com"]);
    type_password(&mut p, "Password: ", PASSWORD.trim_end());
    let prompt = "8-digit code from the authenticator app (a recovery code, or 'email' for a code by email): ";
    p.exp_string(prompt).expect("code prompt");
    let code = crate::import_secrets::oathtool_with(seed, "sha256", 8, 30, AT);
    p.send_line(&code[2..]).unwrap();
    p.exp_string("that is not a code of 8 digits")
        .expect("told why");
    p.exp_string(prompt).expect("asked again");
    let shown = env.json(&["user", "show", "bo@example.com"]);
    assert_eq!(shown["mfa"]["failed_attempts"], 0, "not counted");
    p.send_line(&code).unwrap();
    p.exp_string("Signed in as bo@example.com")
        .expect("signed in");
    assert_eq!(exit_code(&mut p), 0);
}
