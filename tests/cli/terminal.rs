//! Prompts on a real pseudo-terminal: confirmations, the password with echo off, and
//! a sign-in that enrols inside login.

use crate::support::{Env, require_tool};

fn spawn(env: &Env, args: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = env.std_cmd();
    cmd.args(args);
    rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

#[test]
fn a_destructive_change_asks_and_no_keeps_everything() {
    let env = Env::with_acme();
    let mut p = spawn(&env, &["tenant", "delete", "acme"]);
    p.exp_string("Delete tenant acme with its 1 company, 1 user, 0 roles and 0 groups?")
        .expect("question");
    p.send_line("n").unwrap();
    p.exp_string("cancelled: nothing was changed")
        .expect("cancelled");
    p.exp_eof().unwrap();
    assert_eq!(env.json(&["tenant", "list"]).as_array().unwrap().len(), 1);
    let mut p = spawn(&env, &["tenant", "delete", "acme"]);
    p.exp_string("[y/N]").expect("question");
    p.send_line("y").unwrap();
    p.exp_string("Deleted tenant acme").expect("deleted");
    p.exp_eof().unwrap();
    assert_eq!(env.json(&["tenant", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn login_on_a_terminal_asks_the_password_then_walks_through_enrolment() {
    require_tool("oathtool", "oathtool");
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let mut p = spawn(&env, &["login", "alice@example.com"]);
    p.exp_string("Password: ").expect("password prompt");
    crate::prompts::wait_for_echo_off(&p);
    p.send_line("correct horse").unwrap();
    p.exp_string("2FA is required for alice@example.com: company sales enforces MFA")
        .expect("the reason");
    let (_, key_line) = p.exp_regex(r"Or type this key: [A-Z2-7 ]+").expect("key");
    let key: String = key_line
        .trim_start_matches("Or type this key: ")
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    let out = std::process::Command::new("oathtool")
        .args(["--totp", "-b", &key])
        .output()
        .unwrap();
    let code = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("code prompt");
    p.send_line(&code).unwrap();
    p.exp_string("Recovery codes").expect("recovery codes");
    p.exp_string("[y/N]").expect("saved?");
    p.send_line("yes").unwrap();
    p.exp_string(
        "Signed in as alice@example.com (tenant acme) with a password and an authenticator code.",
    )
    .expect("signed in");
    p.exp_eof().unwrap();
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], true);
}

#[test]
fn the_password_prompt_does_not_echo() {
    let env = Env::with_acme();
    let mut p = spawn(&env, &["login", "alice@example.com"]);
    p.exp_string("Password: ").expect("password prompt");
    crate::prompts::wait_for_echo_off(&p);
    p.send_line("not the password").unwrap();
    let before = p.exp_string("error: wrong password").expect("refused");
    assert!(
        !before.contains("not the password"),
        "the password was echoed: {before:?}"
    );
    p.exp_eof().unwrap();
}

/// SPEC §2 step 3: on a terminal the code prompt offers the switch to the other method;
/// typing `email` sends a code by email and asks for it.
#[test]
fn the_code_prompt_offers_a_code_by_email_instead() {
    let env = Env::with_acme();
    env.enrol("alice@example.com", crate::support::T0);
    let clock = crate::support::FakeClock::new(&env, crate::support::T0 + 60);
    let mut cmd = env.std_cmd();
    cmd.args(["login", "alice@example.com"]);
    clock.apply(&mut cmd);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    p.exp_string("Password: ").expect("password prompt");
    crate::prompts::wait_for_echo_off(&p);
    p.send_line("correct horse").unwrap();
    p.exp_string("'email' for a code by email")
        .expect("the switch is offered");
    p.send_line("email").unwrap();
    p.exp_string("Code from the email sent to alice@example.com")
        .expect("email code prompt");
    let code = crate::support::outbox_code(&env);
    p.send_line(&code).unwrap();
    p.exp_string("with a password and a code sent by email")
        .expect("signed in by email");
    p.exp_eof().unwrap();
}

/// `user import` shows a progress bar on a terminal (and only there: without one,
/// stderr stays empty), then its summary.
#[test]
fn an_import_shows_its_progress_on_a_terminal_only() {
    let env = Env::with_acme();
    let mut csv = String::from("email\n");
    for i in 0..30_000 {
        csv.push_str(&format!("user{i}@example.com\n"));
    }
    let file = env.path("users.csv");
    std::fs::write(&file, csv).unwrap();
    let file = file.to_str().unwrap();
    let mut p = spawn(&env, &["user", "import", file, "--dry-run"]);
    p.exp_regex(r"\d+% reading").expect("a progress bar");
    p.exp_string("Dry run: 30000 users would be imported")
        .expect("the summary");
    p.exp_eof().unwrap();
    let run = env.run(&["user", "import", file, "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
