//! The README's scripted examples run as they are written, with the built binary on PATH.

use crate::support::{Env, require_tool};

/// Runs the `sh` block that follows `marker` in the README; returns its stdout.
fn run_block(marker: &str) -> String {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let after = readme
        .split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("a {marker} block in the README"));
    let script = after
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block");
    let env = Env::new();
    let out = env
        .shell(script, &[])
        .env_remove("MFACTL_STORE")
        // The blocks' `mktemp -d` folders go inside the test's own, removed with it.
        .env("TMPDIR", env.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the README block {marker} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_readme_smoke_test_passes() {
    require_tool("oathtool", "oathtool");
    let stdout = run_block("<!-- smoke-test -->");
    assert_eq!(
        stdout.matches("Signed in as ci@example.com").count(),
        2,
        "{stdout}"
    );
}

#[test]
fn the_readme_email_sign_in_passes() {
    let stdout = run_block("<!-- smoke-test-email -->");
    assert!(
        stdout.contains("Signed in as ci@example.com (tenant mailtest) with a password and a code sent by email."),
        "{stdout}"
    );
}

#[test]
fn the_readme_bulk_import_runs_as_written() {
    let stdout = run_block("<!-- smoke-test-import -->");
    assert!(
        stdout.contains("Dry run: 2 users would be imported into tenant acme"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Imported 2 users into tenant acme"),
        "{stdout}"
    );
    assert!(
        stdout.contains("refused with exit 2; carol was not added"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with('2'), "{stdout}");
}

#[test]
fn the_readme_roles_and_groups_undo_runs_as_written() {
    let stdout = run_block("<!-- smoke-test-roles -->");
    assert!(
        stdout.contains(
            "Dry run: requiring 2FA for role admin would make these local users enrol at their next sign-in:\n  alice@example.com\n  bob@example.com\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("bob@example.com (via group ops)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bob@example.com no longer needs 2FA from role admin"),
        "{stdout}"
    );
    assert!(
        stdout.contains("alice@example.com no longer needs 2FA from role admin"),
        "{stdout}"
    );
    assert!(stdout.contains("Deleted user bob@example.com"), "{stdout}");
    assert!(stdout.contains("The audit log is intact"), "{stdout}");
}

#[test]
fn the_reseller_walkthrough_runs_as_written() {
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-reseller -->");
    assert!(
        stdout.contains(
            "Dry run: enforcing MFA for company globex would require these local users to enrol:\n  ana@globex.example\n  ben@globex.example\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("company globex; 2 must enrol at their next sign-in"),
        "{stdout}"
    );
    assert!(
        stdout.contains("company initech; 1 must enrol at their next sign-in"),
        "{stdout}"
    );
    // The table lists globex's local users only; the SSO user is never missing.
    let table: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("@globex.example") && l.contains("missing"))
        .collect();
    assert_eq!(table.len(), 2, "{stdout}");
    assert!(!stdout.contains("cho@"), "{stdout}");
    assert!(
        stdout.ends_with(
            "globex ana@globex.example\nglobex ben@globex.example\ninitech dev@initech.example\n"
        ),
        "{stdout}"
    );
}

#[test]
fn the_support_walkthrough_resets_only_after_the_emailed_code() {
    require_tool("oathtool", "oathtool");
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-support -->");
    let (before, after) = stdout
        .split_once("Reset the 2FA of alice@example.com: authenticator removed, 10 recovery codes")
        .unwrap_or_else(|| panic!("no reset in:\n{stdout}"));
    assert!(
        before.contains("2FA:                 enrolled (authenticator app"),
        "{before}"
    );
    assert!(
        before.contains("A code was sent to alice@example.com by email"),
        "{before}"
    );
    assert!(
        after.contains("2FA:                 not enrolled"),
        "{after}"
    );
    assert!(
        after.contains("next sign-in asks:   enrol an authenticator app (no skipping)"),
        "{after}"
    );
    let reset = after
        .lines()
        .find(|l| l.contains("user.reset_mfa"))
        .unwrap_or_else(|| panic!("no reset in the audit log:\n{after}"));
    assert!(
        reset.contains("tester") && reset.ends_with("lost phone, ticket 4521"),
        "{reset}"
    );
}

#[test]
fn the_ci_walkthrough_enrols_and_signs_in_without_a_terminal() {
    require_tool("oathtool", "oathtool");
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-ci -->");
    assert_eq!(stdout, "true\ntrue\n");
}
