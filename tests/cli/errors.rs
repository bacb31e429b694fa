//! Output and error conventions shared by every command (SPEC §3).

use crate::support::Env;

#[test]
fn unknown_flags_and_commands_are_usage_errors() {
    let env = Env::new();
    assert_eq!(env.run(&["tenant", "list", "--bogus"]).code, 2);
    assert_eq!(env.run(&["frobnicate"]).code, 2);
    assert_eq!(env.run(&["user"]).code, 2);
    let run = env.run(&["tenant", "list", "--bogus", "--json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.error_json()["error"]["kind"], "usage");
}

#[test]
fn errors_in_json_mode_are_one_object_on_stderr() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let run = env.run(&["tenant", "show", "nope", "--json"]);
    assert_eq!(run.code, 7);
    assert!(run.stdout.is_empty());
    let error = run.error_json();
    assert_eq!(error["error"]["kind"], "not_found");
    assert!(error["error"]["message"].as_str().unwrap().contains("nope"));
}

#[test]
fn human_errors_have_a_hint() {
    let env = Env::new();
    let run = env.fails(&["user", "show", "a@example.com"], 1);
    assert!(run.stderr.contains("hint: create one"), "{}", run.stderr);
    env.ok(&["tenant", "create", "acme"]);
    let run = env.fails(&["user", "show", "a@example.com"], 7);
    assert!(
        run.stderr.contains("not found in tenant acme"),
        "{}",
        run.stderr
    );
}

#[test]
fn quiet_silences_success_lines_but_not_results() {
    let env = Env::new();
    assert_eq!(env.ok(&["-q", "tenant", "create", "acme"]), "");
    assert!(env.ok(&["-q", "tenant", "list"]).contains("acme"));
    assert!(
        env.ok(&["-q", "tenant", "create", "b", "--json"])
            .contains("\"name\"")
    );
}

#[test]
fn version_and_help_exit_zero() {
    let env = Env::new();
    assert!(env.ok(&["--version"]).starts_with("mfactl "));
    assert!(
        env.ok(&["user", "add", "--help"])
            .contains("--password-stdin")
    );
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let mut child = env
        .std_cmd()
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn huge_values_are_refused_cleanly() {
    let env = Env::with_acme();
    let huge = "9".repeat(100_000);
    env.fails(
        &[
            "tenant",
            "set-auth",
            "acme",
            "--grace-period",
            &format!("{huge}d"),
        ],
        2,
    );
    env.fails(
        &[
            "tenant",
            "set-auth",
            "acme",
            "--remember-device-days",
            &huge,
        ],
        2,
    );
    env.fails(
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            &"x".repeat(100_000),
            "--yes",
        ],
        2,
    );
    env.fails(
        &["user", "activate-2fa", "alice@example.com", "--code", &huge],
        2,
    );
    env.fails(&["audit", "--since", &huge], 2);
    env.fails(&["role", "create", &"r".repeat(100_000)], 2);
    env.fails(&["company", "show", &"c".repeat(100_000)], 2);
    let run = env.fails(
        &[
            "login",
            "alice@example.com",
            "--password-stdin",
            "--code",
            &huge,
        ],
        2,
    );
    assert!(run.stderr.contains("six digits"), "{}", run.stderr);
}
