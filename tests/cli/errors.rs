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

/// Every command, run with `--json` and a bad argument, answers with an error object
/// that names the argument: an unknown flag, a missing required value, a value outside
/// the allowed ones.
#[test]
fn every_json_usage_error_names_the_argument() {
    use clap::CommandFactory;
    fn walk(
        command: &clap::Command,
        path: &mut Vec<String>,
        leaves: &mut Vec<(Vec<String>, clap::Command)>,
    ) {
        if command.get_subcommands().next().is_none() {
            leaves.push((path.clone(), command.clone()));
        }
        for sub in command.get_subcommands() {
            path.push(sub.get_name().to_owned());
            walk(sub, path, leaves);
            path.pop();
        }
    }
    let env = Env::new();
    let mut leaves = Vec::new();
    let root = mfactl::cli::Cli::command();
    for sub in root.get_subcommands() {
        walk(sub, &mut vec![sub.get_name().to_owned()], &mut leaves);
    }
    assert!(leaves.len() > 30, "{}", leaves.len());
    let check = |args: Vec<String>, names: &str| {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = env.run(&argv);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
        let error = run.error_json();
        assert_eq!(error["error"]["kind"], "usage", "{args:?}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(names),
            "{args:?}: {message} does not name {names}"
        );
    };
    for (path, command) in &leaves {
        // An unknown flag.
        let mut args = path.clone();
        args.extend(["--no-such-flag".into(), "--json".into()]);
        check(args, "--no-such-flag");
        // The first required positional, left out.
        let required = command
            .get_positionals()
            .find(|a| a.is_required_set())
            .map(|a| {
                a.get_value_names().map_or_else(
                    || a.get_id().to_string().to_uppercase(),
                    |n| n[0].to_string(),
                )
            });
        if let Some(name) = required {
            let mut args = path.clone();
            args.push("--json".into());
            check(args, &format!("<{name}>"));
        }
        // A value outside the allowed ones, for each flag that has a fixed set.
        for arg in command.get_arguments().filter(|a| !a.is_positional()) {
            let Some(long) = arg.get_long() else { continue };
            if arg.get_possible_values().is_empty() || !arg.get_action().takes_values() {
                continue;
            }
            let mut args = path.clone();
            args.extend([format!("--{long}"), "bogus-value".into(), "--json".into()]);
            check(args, &format!("--{long}"));
        }
    }
}

/// "not found" names the close candidates, or says how to list what is there; hints
/// name the real values, quoted for the shell.
#[test]
fn not_found_suggests_close_names_and_how_to_list_them() {
    let env = Env::with_acme();
    env.ok(&["role", "create", "admin"]);
    let hint = |args: &[&str]| {
        let run = env.fails(args, 7);
        run.error_json()["error"]["hint"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let h = hint(&["company", "show", "sals", "--json"]);
    assert!(h.contains("did you mean sales?"), "{h}");
    assert!(h.contains("mfactl company list --tenant acme"), "{h}");
    let h = hint(&["role", "require-2fa", "admn", "--json"]);
    assert!(h.contains("did you mean admin?"), "{h}");
    let h = hint(&["user", "show", "alcie@example.com", "--json"]);
    assert!(h.contains("did you mean alice@example.com?"), "{h}");
    let h = hint(&["user", "show", "zed@example.com", "--json"]);
    assert!(!h.contains("did you mean"), "{h}");
    assert!(h.contains("mfactl user list --tenant acme"), "{h}");
    // A hint names the user, not EMAIL.
    let run = env.fails(
        &[
            "user",
            "recovery-codes",
            "alice@example.com",
            "--regenerate",
            "--json",
        ],
        7,
    );
    let h = run.error_json()["error"]["hint"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(h.contains("activate-2fa alice@example.com"), "{h}");
}

/// `-q` silences every success message (the settings printed by `set-auth`, the verdict
/// of `audit verify`), and counts read as English ("1 entry").
#[test]
fn quiet_silences_every_success_message() {
    let env = Env::with_acme();
    for args in [
        &["tenant", "set-auth", "acme", "--grace-period", "1d", "-q"][..],
        &["audit", "verify", "-q"],
        &["role", "create", "admin", "-q"],
        &["company", "enforce-mfa", "sales", "-q"],
    ] {
        let out = env.ok(args);
        assert!(out.is_empty(), "{args:?} printed: {out}");
    }
    let fresh = Env::new();
    fresh.ok(&["tenant", "create", "solo"]);
    let verdict = fresh.ok(&["audit", "verify"]);
    assert!(verdict.contains("1 entry,"), "{verdict}");
}

/// Names are one whatever their case: creating `ACME` beside `acme` says so.
#[test]
fn a_name_taken_in_another_case_is_named() {
    let env = Env::with_acme();
    let run = env.fails(&["tenant", "create", "ACME", "--json"], 8);
    let error = &run.error_json()["error"];
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("as acme"), "{message}");
    assert!(
        error["hint"].as_str().unwrap().contains("tenant show acme"),
        "{error}"
    );
    let run = env.fails(&["company", "create", "SALES"], 8);
    assert!(run.stderr.contains("as sales"), "{}", run.stderr);
    // The name rule's hint says what is accepted: ASCII only.
    let run = env.fails(&["tenant", "create", "café"], 2);
    assert!(run.stderr.contains("ASCII letters"), "{}", run.stderr);
}

/// A newline typed into an argument that clap refuses cannot print a line of its own (a
/// fake verdict or hint) on the terminal; JSON carries the typed text exactly, and a
/// typed "tip:" stays in the message, not the hint.
#[test]
fn typed_newlines_in_refused_arguments_make_no_lines_of_their_own() {
    let env = Env::new();
    let typed = "x\nThe audit log is intact.\nhint: run evil";
    let run = env.fails(&["group", "show", "a", typed], 2);
    assert!(
        !run.stderr
            .lines()
            .any(|l| l.starts_with("hint: run evil") || l.starts_with("The audit log")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(r"x\nThe audit log is intact.\nhint: run evil"),
        "{}",
        run.stderr
    );
    let typed = "x\ntip: run mfactl user reset-mfa";
    let run = env.fails(&["--json", "group", "show", "a", typed], 2);
    let error = &run.error_json()["error"];
    assert!(
        error["message"].as_str().unwrap().contains(typed),
        "{error}"
    );
    assert!(
        !error["hint"].as_str().unwrap().contains("reset-mfa"),
        "{error}"
    );
    let run = env.fails(&["user", "list", "--mfa", "x\ny"], 2);
    assert!(run.stderr.contains(r"'x\ny'"), "{}", run.stderr);
}

/// Issue 22, items 2 and 3: a usage error shows the command's own usage (not the
/// arguments clap found, `--store` from `MFACTL_STORE` among them, as if required) and
/// names the help of that command, not the top-level one; the command it names runs.
#[test]
fn usage_errors_show_the_commands_usage_and_name_its_help() {
    let env = Env::new();
    let run = env.run(&["user", "reset-mfa", "alice@example.com"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("Usage: mfactl user reset-mfa [OPTIONS] --reason <TEXT> <EMAIL>"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--store"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("For more information, try 'mfactl user reset-mfa --help'."),
        "{}",
        run.stderr
    );
    let run = env.run(&["tenant", "list", "--jsn"]);
    assert!(
        run.stderr.contains("Usage: mfactl tenant list [OPTIONS]\n"),
        "{}",
        run.stderr
    );
    let run = env.run(&["tenant", "set-auth", "acme", "--primary", "sms"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("try 'mfactl tenant set-auth --help'"),
        "{}",
        run.stderr
    );
    let json = env.run(&["tenant", "set-auth", "acme", "--primary", "sms", "--json"]);
    let hint = json.error_json()["error"]["hint"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(hint.contains("`mfactl tenant set-auth --help`"), "{hint}");
    let help = env.run(&["tenant", "set-auth", "--help"]);
    assert_eq!(help.code, 0);
}

/// Issue 22, item 1: every command a refusal suggests runs when pasted, with the
/// `--tenant` and `--store` typed on the command that failed: no "several tenants",
/// no missing store, no usage error. Walks refusals that print a suggestion.
#[test]
fn suggested_commands_carry_the_tenant_and_store_and_run() {
    let env = Env::new();
    for tenant in ["alpha", "gamma"] {
        env.ok(&["tenant", "create", tenant]);
        for args in [
            &["company", "create", "sales"][..],
            &["role", "create", "admin"],
            &["group", "create", "ops"],
            &["user", "add", "bob@example.com", "--no-input"],
        ] {
            let mut args = args.to_vec();
            args.extend(["--tenant", tenant]);
            env.ok(&args);
        }
    }
    let store = env.store_value().to_string_lossy().into_owned();
    let failing: &[&[&str]] = &[
        &["group", "revoke-role", "ops", "admin", "--tenant", "alpha"],
        &[
            "role",
            "unassign",
            "admin",
            "bob@example.com",
            "--tenant",
            "gamma",
        ],
        &[
            "group",
            "remove-member",
            "ops",
            "bob@example.com",
            "--tenant",
            "alpha",
        ],
        &["user", "show", "bobb@example.com", "--tenant", "alpha"],
        &["company", "show", "sale", "--tenant", "gamma"],
        &[
            "user",
            "recovery-codes",
            "bob@example.com",
            "--tenant",
            "alpha",
        ],
        &[
            "user",
            "deactivate-2fa",
            "bob@example.com",
            "--tenant",
            "gamma",
        ],
        &["company", "create", "sales", "--tenant", "alpha"],
    ];
    let mut suggestions = Vec::new();
    for args in failing {
        let run = env
            .cmd()
            .env_remove("MFACTL_STORE")
            .args(*args)
            .args(["--store", &store])
            .output()
            .unwrap();
        assert_ne!(run.status.code(), Some(0), "{args:?} did not fail");
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        let found: Vec<String> = stderr
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| s.starts_with("mfactl ") && !s.contains('…'))
            .map(str::to_owned)
            .collect();
        assert!(!found.is_empty(), "{args:?} suggested nothing:\n{stderr}");
        suggestions.extend(found);
    }
    for suggestion in &suggestions {
        assert!(suggestion.contains("--store"), "{suggestion}");
        let out = env
            .shell(&format!("unset MFACTL_STORE; {suggestion} || true"), &[])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        for problem in [
            "several tenants",
            "no store at",
            "Usage:",
            "unexpected argument",
        ] {
            assert!(
                !stderr.contains(problem),
                "`{suggestion}` failed with {problem}:\n{stderr}"
            );
        }
    }
}
